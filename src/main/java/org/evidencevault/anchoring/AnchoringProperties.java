package org.evidencevault.anchoring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vault.anchoring.*}: the witnesses (each its submission URL and its vkey, c2sp.org/signed-note) and the
 * Time-Stamp Authorities (each a name, its URL and the file of its certificate, pinned) the vault asks; how often it
 * looks for a new checkpoint, how often at most it asks each TSA, and how long it waits for an answer.
 */
@ConfigurationProperties("vault.anchoring")
public record AnchoringProperties(
        @DefaultValue List<Witness> witnesses,
        @DefaultValue List<Tsa> tsas,
        @DefaultValue("5s") Duration interval,
        @DefaultValue("60s") Duration tsaInterval,
        @DefaultValue("10s") Duration timeout) {

    /** A witness: its submission prefix ({@code <url>/add-checkpoint}) and its public key as a vkey. */
    public record Witness(String url, String key) {
    }

    /** A TSA: a short name (it names the stored tokens), its URL and its certificate file (PEM or DER). */
    public record Tsa(String name, String url, Path certificate) {
    }

    public boolean any() {
        return !witnesses.isEmpty() || !tsas.isEmpty();
    }
}

package org.evidencevault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.evidencevault.support.VaultContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** The vault refuses to start without keys, and with the example keys outside the demo profile. */
@ExtendWith(OutputCaptureExtension.class)
class StartupKeyGuardTest {

    private static final Path EXAMPLE = Path.of("keys-example/vault-keys.json");

    @Test
    void refusesExampleKeysWithoutDemoProfile(@TempDir Path dir) {
        assertThatThrownBy(() -> VaultContexts.start(dir, EXAMPLE, "test"))
                .rootCause().isInstanceOf(KeyRingException.class).hasMessageContaining("refusing to start");
    }

    @Test
    void refusesExampleKeysEvenWithTheDemoMarkerRemoved(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("vault-keys.json");
        Files.writeString(copy, Files.readString(EXAMPLE).replaceAll("\"demo\"\\s*:\\s*true", "\"demo\": false"));
        assertThat(Files.readString(copy)).contains("\"demo\": false");
        assertThatThrownBy(() -> VaultContexts.start(dir.resolve("data"), copy, "test"))
                .rootCause().isInstanceOf(KeyRingException.class).hasMessageContaining("example keys");
    }

    @Test
    void refusesToStartWithoutKeys(@TempDir Path dir) {
        assertThatThrownBy(() -> VaultContexts.start(dir, dir.resolve("missing.json"), "test"))
                .rootCause().isInstanceOf(KeyRingException.class).hasMessageContaining("no key set at");
    }

    @Test
    void startsWithFreshKeysAndNeverPrintsThem(@TempDir Path dir, CapturedOutput output) throws Exception {
        Path keys = dir.resolve("vault-keys.json");
        KeyRing ring = KeySetFile.generate(keys, false);
        try (ConfigurableApplicationContext ctx = VaultContexts.start(dir.resolve("data"), keys, "test")) {
            assertThat(ctx.getBean(KeyRing.class).isDemo()).isFalse();
        }
        String material = java.util.Base64.getEncoder().encodeToString(ring.activeKek().material().reveal());
        String bidx = java.util.Base64.getEncoder().encodeToString(ring.blindIndexKey().material().reveal());
        String ed25519 = java.util.Base64.getEncoder().encodeToString(ring.activeSigningKey().ed25519().privateKey().reveal());
        assertThat(output.getAll()).doesNotContain(material).doesNotContain(bidx).doesNotContain(ed25519);
        assertThat(ring.activeSigningKey().toString()).isEqualTo("AuditSigningKey[audit-v1, private keys redacted]");
        assertThat(ring.toString()).doesNotContain(material).doesNotContain(bidx);
        assertThat(ring.activeKek().material().toString()).isEqualTo("SecretBytes[redacted, 32 bytes]");
    }
}

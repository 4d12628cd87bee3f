package org.evidencevault.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.evidencevault.crypto.Ed25519Keys;
import org.evidencevault.crypto.SecretBytes;
import org.junit.jupiter.api.Test;

/**
 * The cosignature test vectors of docs/audit-format.md ("Cosignatures and time-stamps"): a witness key from RFC 8032's
 * TEST 3 seed, its key ID and vkey, the message it signs for the checkpoint of the test vectors at a fixed time, and
 * the signature line (Ed25519 is deterministic, so the line is too). Checked once independently of this code: the key
 * ID with Python's hashlib, the signature with Python's {@code cryptography} package.
 */
class CosignatureVectorsTest {

    static final String WITNESS_SEED = "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7";
    static final String NAME = "witness.example/w1";
    static final long TIMESTAMP = 1764633600L;
    static final String CHECKPOINT_TEXT = "vault.example/audit\n3\nsfaz8AcO7No4FsRu+uWHNSZG5FIqNU1zweP36B2Ybhg=\n"
            + "time 2026-11-29T03:15:02.731Z\n";

    static final String KEY_ID = "c7da326f";
    static final String VKEY = "witness.example/w1+c7da326f+BPxRzY5iGKGjjaR+0AIw8FgIFu0TujMDrF3rkRVIkIAl";
    static final String LINE = "\u2014 witness.example/w1 x9oybwAAAABpLiwAV8ZO+mgIkTvkdQ1M2cDZesMv9DOvqfHA5+c5Ccf0WLFD9U2RVfdAbqEIzowH2X8nofpBCJ8uwm3oeDLIHVBhAQ==\n";

    @Test
    void theDocumentedVectorsHold() throws Exception {
        Ed25519Keys keys = Ed25519Keys.fromPrivateKey(SecretBytes.copyOf(HexFormat.of().parseHex(WITNESS_SEED)));
        WitnessKey key = new WitnessKey(NAME, keys.publicKey());
        byte[] message = Cosignature.message(CHECKPOINT_TEXT, TIMESTAMP);
        Cosignature c = Cosignature.sign(key, CHECKPOINT_TEXT, TIMESTAMP, keys::sign);
        assertThat(new String(message, StandardCharsets.UTF_8)).isEqualTo("cosignature/v1\ntime 1764633600\n" + CHECKPOINT_TEXT);
        assertThat(HexFormat.of().toHexDigits(key.keyId())).isEqualTo(KEY_ID);
        assertThat(key.vkey()).isEqualTo(VKEY);
        assertThat(c.line()).isEqualTo(LINE);
        // and a verifier reads the line back from a note and checks it with the vkey alone
        SignedNote note = SignedNote.parse((CHECKPOINT_TEXT + "\n" + LINE).getBytes(StandardCharsets.UTF_8));
        assertThat(Cosignature.verify(note, List.of(WitnessKey.parse(VKEY)), Ed25519Keys.noteVerifier())).hasSize(1);
    }
}

package org.evidencevault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keys split} and {@code keys join} on the demo key set: shares are owner-only files, never overwritten; any
 * three of five give back the exact bytes; two, or a corrupted one, give nothing and an error that shows no share data.
 */
class KeysCommandTest {

    @TempDir
    Path dir;

    private Path key;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void copyTheDemoKeys() throws Exception {
        key = dir.resolve("vault-keys.json");
        Files.copy(Path.of("keys-example/vault-keys.json"), key);
    }

    @Test
    void fiveSharesOfWhichAnyThreeRecoverTheKeyFile() throws Exception {
        Path shares = dir.resolve("shares");
        assertThat(run("keys", "split", "--key", key.toString(), "--shares", "5", "--threshold", "3", "--out", shares.toString()))
                .as(err.toString()).isZero();
        for (int i = 1; i <= 5; i++) {
            Path share = shares.resolve("share-" + i + "-of-5.txt");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(share))).isEqualTo("rw-------");
            assertThat(Files.readString(share)).startsWith("evidence-vault key share v1\n")
                    .contains("index: " + i + " of 5, threshold 3\n");
            assertThat(out.toString()).contains("wrote " + share);
        }
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(key)));
        assertThat(out.toString()).contains("Any 3 of these 5 shares").contains("keep them apart").contains("demo key set")
                .contains("The key file's SHA-256 is " + sha256);
        assertThat(err.toString()).isEmpty();
        assertNoSecretsIn(out.toString(), shares);

        Path recovered = dir.resolve("restored/vault-keys.json");
        assertThat(run("keys", "join", "--out", recovered.toString(), share(shares, 4), share(shares, 1), share(shares, 5)))
                .as(err.toString()).isZero();
        assertThat(Files.readAllBytes(recovered)).isEqualTo(Files.readAllBytes(key));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(recovered))).isEqualTo("rw-------");
        assertThat(out.toString()).contains("wrote " + recovered).contains("from 3 of its 5 shares; SHA-256 " + sha256);
        assertNoSecretsIn(out.toString(), shares);
    }

    @Test
    void twoSharesACorruptedShareOrAnExistingOutputWriteNothing() throws Exception {
        Path shares = dir.resolve("shares");
        assertThat(run("keys", "split", "--key", key.toString(), "--shares", "5", "--threshold", "3", "--out", shares.toString())).isZero();

        Path recovered = dir.resolve("recovered.json");
        assertThat(run("keys", "join", "--out", recovered.toString(), share(shares, 1), share(shares, 2))).isEqualTo(1);
        assertThat(err.toString()).contains("error: ").contains("3 shares are needed, 2 given");
        assertThat(recovered).doesNotExist();

        Path corrupted = dir.resolve("share-3-corrupted.txt");
        String text = Files.readString(shares.resolve("share-3-of-5.txt"));
        int data = text.indexOf("data: ") + 6;
        Files.writeString(corrupted, text.substring(0, data) + (text.charAt(data) == 'A' ? 'B' : 'A') + text.substring(data + 1));
        assertThat(run("keys", "join", "--out", recovered.toString(), share(shares, 1), share(shares, 2), corrupted.toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("share file " + corrupted + ": the checksum does not match");
        assertThat(recovered).doesNotExist();

        byte[] existing = "not to be overwritten".getBytes(StandardCharsets.US_ASCII);
        Files.write(recovered, existing);
        assertThat(run("keys", "join", "--out", recovered.toString(), share(shares, 1), share(shares, 2), share(shares, 3)))
                .isEqualTo(1);
        assertThat(err.toString()).contains(recovered + " exists: not overwritten");
        assertThat(Files.readAllBytes(recovered)).isEqualTo(existing);

        assertNoSecretsIn(err.toString(), shares);
        assertThat(err.toString()).doesNotContain(text.substring(data, text.indexOf('\n', data)));
    }

    @Test
    void splitNeverOverwritesAShare() throws Exception {
        Path shares = dir.resolve("shares");
        Files.createDirectories(shares);
        Path third = shares.resolve("share-3-of-5.txt");
        Files.writeString(third, "an older share");
        assertThat(run("keys", "split", "--key", key.toString(), "--shares", "5", "--threshold", "3", "--out", shares.toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains(third + " exists");
        assertThat(Files.readString(third)).isEqualTo("an older share");
        try (var files = Files.list(shares)) {
            assertThat(files).containsExactly(third);
        }
    }

    @Test
    void splitRefusesWhatIsNotAKeySetAndUsageErrorsExitWith2() throws Exception {
        Path notKeys = dir.resolve("notes.json");
        Files.writeString(notKeys, "{\"format\":\"something else\"}");
        Path shares = dir.resolve("shares");
        assertThat(run("keys", "split", "--key", notKeys.toString(), "--shares", "3", "--threshold", "2", "--out", shares.toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("is not in format evidence-vault-keyset/1");
        assertThat(shares).doesNotExist();

        assertThat(run("keys", "split", "--key", key.toString(), "--shares", "3", "--threshold", "1", "--out", shares.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("plain copy");
        assertThat(run("keys", "split", "--key", key.toString(), "--shares", "3", "--threshold", "4", "--out", shares.toString()))
                .isEqualTo(2);
        assertThat(run("keys", "split", "--key", key.toString(), "--shares", "3", "--out", shares.toString())).isEqualTo(2);
        assertThat(run("keys", "join", "--out", dir.resolve("x.json").toString())).isEqualTo(2);
        assertThat(run("keys")).isEqualTo(2);
        assertThat(shares).doesNotExist();
        assertThat(VaultCommandLine.isCommand(new String[] {"keys", "split"})).isTrue();
    }

    private int run(String... args) {
        return VaultCommandLine.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private static String share(Path shares, int i) {
        return shares.resolve("share-" + i + "-of-5.txt").toString();
    }

    /** Neither a share's data nor any key material of the key file appears in the text. */
    private void assertNoSecretsIn(String text, Path shares) throws Exception {
        List<String> secrets = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            for (String line : Files.readAllLines(shares.resolve("share-" + i + "-of-5.txt"))) {
                if (line.startsWith("data: ")) {
                    String data = line.substring(6);
                    secrets.add(data);
                    secrets.add(data.substring(0, 24));
                }
            }
        }
        String json = Files.readString(key);
        for (String field : List.of("\"material\": \"", "\"ed25519\": \"", "\"mlDsa65\": \"")) {
            for (int at = json.indexOf(field); at >= 0; at = json.indexOf(field, at + 1)) {
                int start = at + field.length();
                secrets.add(json.substring(start, json.indexOf('"', start)));
            }
        }
        assertThat(secrets).hasSizeGreaterThan(10);
        for (String secret : secrets) {
            assertThat(text).doesNotContain(secret);
        }
    }
}

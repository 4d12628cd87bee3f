package org.evidencevault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.crypto.KeySetFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key commands write owner-only key sets, rotate KEKs and signing keys, and never print key material. */
class KeyCommandsTest {

    @Test
    void keygenWritesAFreshOwnerOnlySetAndRefusesToOverwrite(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        assertThat(run(out, "keygen", "--out", dir.toString())).isZero();
        Path file = dir.resolve("vault-keys.json");
        KeyRing ring = KeySetFile.load(file);
        assertThat(ring.isDemo()).isFalse();
        assertThat(ring.activeSigningKey().keyId()).isEqualTo("audit-v1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(out.toString()).doesNotContain(materialOf(file));
        assertThat(run(new StringWriter(), "keygen", "--out", dir.toString())).isEqualTo(1);
    }

    @Test
    void rotationCommandsAddVersionsAndKeepTheOldOnes(@TempDir Path dir) throws Exception {
        run(new StringWriter(), "keygen", "--out", dir.toString());
        Path file = dir.resolve("vault-keys.json");
        assertThat(run(new StringWriter(), "add-signing-key-version", "--keys", file.toString())).isZero();
        assertThat(run(new StringWriter(), "add-kek-version", "--keys", file.toString())).isZero();
        KeyRing ring = KeySetFile.load(file);
        assertThat(ring.signingKeys()).extracting(k -> k.keyId()).containsExactly("audit-v1", "audit-v2");
        assertThat(ring.keks()).extracting(KeyRing.VersionedKey::version).containsExactly(1, 2);
    }

    @Test
    void helpAndUsageErrorsHaveTheirExitCodes() {
        assertThat(run(new StringWriter(), "help")).isZero();
        assertThat(run(new StringWriter(), "keygen")).isEqualTo(2);
    }

    private static int run(StringWriter out, String... args) {
        return VaultCommandLine.run(args, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
    }

    private static String materialOf(Path file) throws Exception {
        String json = Files.readString(file);
        int i = json.indexOf("\"material\"");
        return json.substring(json.indexOf('"', i + 11) + 1, json.indexOf('"', json.indexOf('"', i + 11) + 1));
    }
}

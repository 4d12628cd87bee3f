package org.evidencevault.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evidencevault.cli.VerifyCommandTest.run;
import static org.evidencevault.ledger.SignedChain.V1;
import static org.evidencevault.ledger.SignedChain.V2;
import static org.evidencevault.ledger.SignedChain.publicKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.evidencevault.cli.VerifyCommandTest.Run;
import org.evidencevault.crypto.AuditSigningKey;
import org.evidencevault.ledger.AuditPublicKey;
import org.evidencevault.ledger.SignedChain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pin-key}: from the saved response of {@code GET /api/v1/audit/keys} (a JSON array of every key version),
 * the one key file {@code verify --key} reads; README's auditor steps run as written.
 */
class PinKeyCommandTest {

    private static final Path README = Path.of("README.md");
    private static final String JAR = "java -jar target/evidence-vault.jar ";

    @TempDir
    Path dir;

    @Test
    void theReadmeStepsPinTheFirstOfTwoVersionsAndVerifyWithIt() throws Exception {
        // what GET /api/v1/audit/keys serves once the key ring holds two versions, saved as README's step 1 does
        assertThat(readme()).contains("curl -s localhost:8080/api/v1/audit/keys -H \"$AUTH\" -o keys.json\n"
                + JAR + "pin-key --keys keys.json --key-id audit-v1 --out audit-v1.json\n");
        Files.writeString(dir.resolve("keys.json"), keyList(V1, V2), StandardCharsets.UTF_8);
        SignedChain rotated = SignedChain.rotated(12, 5);
        Files.write(dir.resolve("bundle.json"), rotated.range(0, 11, 6, 12).toJson());

        Run pinned = runReadme("pin-key");
        assertThat(pinned.exitCode()).isZero();
        assertThat(pinned.out()).isEqualTo("wrote " + dir.resolve("audit-v1.json") + ": key audit-v1, fingerprint "
                + publicKey(V1).commitment() + "\n");
        assertThat(pinned.err()).isEmpty();
        byte[] written = Files.readAllBytes(dir.resolve("audit-v1.json"));
        assertThat(written).isEqualTo(publicKey(V1).toJson());
        assertThat(AuditPublicKey.parse(written)).isEqualTo(publicKey(V1));

        Run verified = runReadme("verify");
        assertThat(verified.exitCode()).isZero();
        assertThat(verified.out()).startsWith("OK: 12 entries (seq 0..11, range), 2 checkpoints;")
                .contains("; keys audit-v1, audit-v2; signatures: all");
        assertThat(verified.err()).isEmpty();
    }

    @Test
    void theOldSedRecipeWroteAKeyFileThatVerifyRejectsOnceThereAreTwoVersions() throws IOException {
        String list = keyList(V1, V2);
        String sedOutput = list.replaceAll("^\\[(.*)\\]$", "$1"); // sed 's/^\[\(.*\)\]$/\1/'
        Path key = Files.writeString(dir.resolve("audit-v1.json"), sedOutput, StandardCharsets.UTF_8);
        Path bundle = Files.write(dir.resolve("bundle.json"), SignedChain.rotated(12, 5).range(0, 11, 6, 12).toJson());
        Run run = run("verify", bundle.toString(), "--key", key.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: " + key + ": key file is not strict JSON: Unexpected character (','");
        assertThat(readme()).doesNotContain("sed 's/^\\[");
    }

    @Test
    void itPinsAnyVersionTheListHolds() throws Exception {
        Path keys = Files.writeString(dir.resolve("keys.json"), keyList(V1, V2), StandardCharsets.UTF_8);
        Path out = dir.resolve("audit-v2.json");
        Run run = pinKey(keys, "audit-v2", out);
        assertThat(run.exitCode()).isZero();
        assertThat(AuditPublicKey.parse(Files.readAllBytes(out))).isEqualTo(publicKey(V2));
    }

    @Test
    void anUnknownKeyIdWritesNothing() throws IOException {
        Path keys = Files.writeString(dir.resolve("keys.json"), keyList(V1, V2), StandardCharsets.UTF_8);
        Path out = dir.resolve("audit-v3.json");
        Run run = pinKey(keys, "audit-v3", out);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("error: " + keys + ": no key 'audit-v3'; it lists audit-v1, audit-v2\n");
        assertThat(out).doesNotExist();

        Files.writeString(keys, "[]", StandardCharsets.UTF_8);
        assertThat(pinKey(keys, "audit-v1", out).err()).isEqualTo("error: " + keys + ": no key 'audit-v1'; it lists no keys\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void aKeyIdListedTwiceWritesNothing() throws IOException {
        Path keys = Files.writeString(dir.resolve("keys.json"), keyList(V1, V2, SignedChain.IMPOSTOR_V1),
                StandardCharsets.UTF_8);
        Path out = dir.resolve("audit-v1.json");
        Run run = pinKey(keys, "audit-v1", out);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: " + keys + ": keys[2] repeats the keyId of an earlier element\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void aMalformedListWritesNothing() throws IOException {
        String list = keyList(V1);
        String element = list.substring(1, list.length() - 1);
        Path keys = dir.resolve("keys.json");
        Path out = dir.resolve("audit-v1.json");
        List<String[]> cases = new ArrayList<>(List.of(
                new String[] {element, "key list must start with '[', after nothing but JSON white space, but byte 0 "
                        + "is 0x7B"},
                new String[] {"\ufeff" + list, "key list starts with a byte order mark (EF BB BF), which is not "
                        + "accepted: it must start with '[', after nothing but JSON white space"},
                new String[] {list + "[]", "content follows the end of the top-level object"},
                new String[] {list.replace(",\"mlDsa65\"", ",\"x\":1,\"mlDsa65\""), "keys[0] has an unknown member 'x'"},
                new String[] {list.replaceFirst(",\"mlDsa65\":\"[^\"]*\"", ""), "keys[0] has no 'mlDsa65' member"},
                new String[] {list.replace("\"ed25519\":\"", "\"ed25519\":\"A"), "keys[0].ed25519 must be 1 to 44 "
                        + "characters"},
                new String[] {"[7]", "keys[0] must be a JSON object"},
                new String[] {"{\"keys\":[]}", "key list must start with '[', after nothing but JSON white space, but "
                        + "byte 0 is 0x7B"}));
        for (String[] c : cases) {
            Files.writeString(keys, c[0], StandardCharsets.UTF_8);
            Run run = pinKey(keys, "audit-v1", out);
            assertThat(run.exitCode()).as(c[1]).isEqualTo(1);
            assertThat(run.err()).isEqualTo("error: " + keys + ": " + c[1] + "\n");
            assertThat(out).doesNotExist();
        }
        Files.writeString(keys, list.substring(0, 100), StandardCharsets.UTF_8);
        assertThat(pinKey(keys, "audit-v1", out).err()).startsWith("error: " + keys + ": key list is not strict JSON: ");
        Run missing = pinKey(dir.resolve("none.json"), "audit-v1", out);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).startsWith("error: cannot read " + dir.resolve("none.json"));
        assertThat(out).doesNotExist();
    }

    @Test
    void anExistingKeyFileIsOverwrittenOnlyWithForce() throws IOException {
        Path keys = Files.writeString(dir.resolve("keys.json"), keyList(V1, V2), StandardCharsets.UTF_8);
        Path out = Files.writeString(dir.resolve("audit-v1.json"), "kept", StandardCharsets.UTF_8);
        Run refused = pinKey(keys, "audit-v1", out);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("error: " + out + " exists; pass --force to overwrite it\n");
        assertThat(Files.readString(out)).isEqualTo("kept");
        Run forced = run("pin-key", "--keys", keys.toString(), "--key-id", "audit-v1", "--out", out.toString(), "--force");
        assertThat(forced.exitCode()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(publicKey(V1).toJson());
    }

    @Test
    void whatItPrintsFromTheListIsEscaped() throws IOException {
        AuditPublicKey odd = new AuditPublicKey("audit\u202e-v1", V1.ed25519PublicKey(), V1.mlDsa65PublicKey());
        Path keys = Files.write(dir.resolve("keys.json"), ("[" + new String(odd.toJson(), StandardCharsets.UTF_8).strip()
                + "]").getBytes(StandardCharsets.UTF_8));
        Run run = pinKey(keys, "audit-v1", dir.resolve("out.json"));
        assertThat(run.err()).isEqualTo("error: " + keys + ": no key 'audit-v1'; it lists audit\\u202e-v1\n");
    }

    @Test
    void usageErrorsExitWith2AndHelpListsTheExitCodes() throws IOException {
        Path keys = Files.writeString(dir.resolve("keys.json"), keyList(V1), StandardCharsets.UTF_8);
        assertThat(run("pin-key", "--keys", keys.toString(), "--out", dir.resolve("k.json").toString()).exitCode())
                .isEqualTo(2);
        assertThat(run("pin-key", "--keys", keys.toString(), "--key-id", "audit-v1").exitCode()).isEqualTo(2);
        Run help = run("pin-key", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Exit codes:").contains("0   the key file was written")
                .contains("1   nothing was written").contains("2   a usage error");
        assertThat(VaultCommandLine.isCommand(new String[] {"pin-key"})).isTrue();
    }

    @Test
    void theFormatDocumentDescribesIt() throws IOException {
        String doc = Files.readString(Path.of("docs", "audit-format.md"), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        assertThat(AuditPublicKey.MAX_KEY_LIST_BYTES).isEqualTo(16_384_000);
        assertThat(doc).contains("`java -jar evidence-vault.jar pin-key --keys FILE --key-id ID --out FILE`")
                .contains("`wrote FILE: key ID, fingerprint sha256:<hex>`")
                .contains("at most 1,000 elements and 16,384,000 bytes (`AuditPublicKey.parseList`)")
                .contains("(`keys[I] repeats the keyId of an earlier element`)");
    }

    /** The JSON GET /api/v1/audit/keys serves: an array of {keyId, ed25519, mlDsa65}, in key ring order. */
    private static String keyList(AuditSigningKey... keys) {
        List<String> elements = new ArrayList<>();
        for (AuditSigningKey key : keys) {
            elements.add("{\"keyId\":\"" + key.keyId() + "\",\"ed25519\":\""
                    + Base64.getEncoder().encodeToString(key.ed25519PublicKey()) + "\",\"mlDsa65\":\""
                    + Base64.getEncoder().encodeToString(key.mlDsa65PublicKey()) + "\"}");
        }
        return "[" + String.join(",", elements) + "]";
    }

    private static Run pinKey(Path keys, String keyId, Path out) {
        return run("pin-key", "--keys", keys.toString(), "--key-id", keyId, "--out", out.toString());
    }

    /**
     * Runs README's command line for {@code command} exactly as written there, with each file it names in
     * {@link #dir} instead of the working directory.
     */
    private Run runReadme(String command) throws IOException {
        String line = readme().lines().filter(l -> l.startsWith(JAR + command + " ")).findFirst().orElseThrow();
        List<String> args = new ArrayList<>();
        for (String arg : line.substring(JAR.length()).split(" ")) {
            args.add(arg.endsWith(".json") ? dir.resolve(arg).toString() : arg);
        }
        return run(args.toArray(String[]::new));
    }

    private static String readme() throws IOException {
        return Files.readString(README, StandardCharsets.UTF_8);
    }
}

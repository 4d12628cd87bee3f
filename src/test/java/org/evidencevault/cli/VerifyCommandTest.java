package org.evidencevault.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evidencevault.ledger.SignedChain.V1;
import static org.evidencevault.ledger.SignedChain.publicKey;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.evidencevault.ledger.AuditBundle;
import org.evidencevault.ledger.Bundles;
import org.evidencevault.ledger.SignedChain;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify} in process: 0 verified, 1 failed verification, 2 nothing verified. */
class VerifyCommandTest {

    private static final SignedChain CHAIN = SignedChain.of(12);
    private static final AuditBundle VALID = CHAIN.range(0, 11, 6, 12);

    @TempDir
    Path dir;
    private Path bundle;
    private Path key;

    @BeforeEach
    void writeFiles() throws IOException {
        bundle = write("bundle.json", VALID.toJson());
        key = write("audit-v1.json", publicKey(V1).toJson());
    }

    @Test
    void aValidBundleVerifiesWithExitCode0() {
        Run run = run("verify", bundle.toString(), "--key", key.toString());
        assertThat(run.exitCode).isZero();
        assertThat(run.out).isEqualTo("OK: 12 entries (seq 0..11, range), 2 checkpoints; latest checkpoint: size 12, root "
                + java.util.Base64.getEncoder().encodeToString(CHAIN.root(12)) + ", time " + SignedChain.time(11)
                + "; keys audit-v1; signatures: all\n");
        assertThat(run.err).isEmpty();
        assertThat(VaultCommandLine.isCommand(new String[] {"verify"})).isTrue();
    }

    @Test
    void withoutAKeyItWarnsAndWithCheckpointsOnlyItSaysSo() {
        Run selfTrusting = run("verify", bundle.toString());
        assertThat(selfTrusting.exitCode).isZero();
        assertThat(selfTrusting.err).isEqualTo("warning: trusting the bundle's own keys: pass --key to pin a key you "
                + "obtained independently\n");
        Run fast = run("verify", bundle.toString(), "--key", key.toString(), "--signatures", "checkpoints");
        assertThat(fast.exitCode).isZero();
        assertThat(fast.out).startsWith("OK: 12 entries").endsWith("; signatures: checkpoints only\n");
        assertThat(fast.err).startsWith("warning: entry signatures were not checked");
    }

    @Test
    void aTamperedBundleFailsWithExitCode1AndTheFirstBadSeq() throws IOException {
        AuditBundle tampered = Bundles.editEntries(VALID,
                e -> e.set(5, Bundles.changeMember(e.get(5), "actor", "\"bob", "\"bpb")));
        Files.write(bundle, tampered.toJson());
        Run run = run("verify", bundle.toString(), "--key", key.toString());
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).isEqualTo("FAIL seq 5: signature does not verify with key 'audit-v1'\n");
    }

    @Test
    void aFailureNotAboutOneEntryHasNoSeq() throws IOException {
        Path held = write("held.note", CHAIN.checkpoint(12).getBytes(StandardCharsets.UTF_8));
        Files.write(bundle, CHAIN.range(0, 5, 3, 6).toJson());
        Run run = run("verify", bundle.toString(), "--key", key.toString(), "--previous-checkpoint", held.toString());
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).isEqualTo("FAIL: rollback: the latest checkpoint (size 6) is older than the checkpoint "
                + "you hold (size 12)\n");
    }

    @Test
    void unreadableOrMalformedInputExitsWith2() throws IOException {
        Run missing = run("verify", dir.resolve("nope.json").toString());
        assertThat(missing.exitCode).isEqualTo(2);
        assertThat(missing.err).isEqualTo("error: cannot read " + dir.resolve("nope.json")
                + ": java.nio.file.NoSuchFileException: " + dir.resolve("nope.json") + "\n");
        assertThat(missing.out).isEmpty();

        Files.writeString(bundle, "{\"format\":\"something else\"}");
        Run malformed = run("verify", bundle.toString());
        assertThat(malformed.exitCode).isEqualTo(2);
        assertThat(malformed.err).isEqualTo("error: " + bundle + ": format must be 'evidence-vault-audit-bundle/1' or 'evidence-vault-audit-bundle/2'\n");

        Files.write(bundle, VALID.toJson());
        Path badKey = write("bad-key.json", "{\"keyId\":\"audit-v1\"}".getBytes(StandardCharsets.UTF_8));
        Run keyFile = run("verify", bundle.toString(), "--key", badKey.toString());
        assertThat(keyFile.exitCode).isEqualTo(2);
        assertThat(keyFile.err).isEqualTo("error: " + badKey + ": key has no 'ed25519' member\n");

        Run twice = run("verify", bundle.toString(), "--key", key.toString(), "--key", key.toString());
        assertThat(twice.exitCode).isEqualTo(2);
        assertThat(twice.err).isEqualTo("error: " + key + ": a second key file for key 'audit-v1'\n");

        Path bigNote = write("big.note", new byte[200_000]);
        Run note = run("verify", bundle.toString(), "--previous-checkpoint", bigNote.toString());
        assertThat(note.exitCode).isEqualTo(2);
        assertThat(note.err).isEqualTo("error: " + bigNote + ": more than 131072 bytes\n");
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(run("verify").exitCode).isEqualTo(2);
        Run badMode = run("verify", bundle.toString(), "--signatures", "some");
        assertThat(badMode.exitCode).isEqualTo(2);
        assertThat(badMode.err).contains("expected all or checkpoints, got 'some'");
        assertThat(run("verify", bundle.toString(), "--frobnicate").exitCode).isEqualTo(2);
        assertThat(run("verify", bundle.toString(), "extra").exitCode).isEqualTo(2);
    }

    @Test
    void helpDocumentsTheExitCodes() {
        Run help = run("verify", "--help");
        assertThat(help.exitCode).isZero();
        assertThat(help.out).contains("Exit codes:").contains("0   the bundle verifies")
                .contains("1   the bundle does not verify").contains("2   nothing was verified");
        String oneLine = help.out.replaceAll("\\s+", " ");
        assertThat(oneLine).contains("a previous checkpoint that is malformed or does not verify is a FAIL (1)");
    }

    @Test
    void aPreviousCheckpointThatIsMalformedOrUntrustedFailsWith1() throws IOException {
        Path garbage = write("garbage.note", "not a note".getBytes(StandardCharsets.UTF_8));
        Run malformed = run("verify", bundle.toString(), "--key", key.toString(), "--previous-checkpoint", garbage.toString());
        assertThat(malformed.exitCode).isEqualTo(1);
        assertThat(malformed.out).isEqualTo("FAIL: the checkpoint you hold is malformed: note does not end with a newline\n");
        assertThat(malformed.err).isEmpty();

        Path foreign = write("foreign.note", SignedChain.rotated(12, 5).checkpoint(12).getBytes(StandardCharsets.UTF_8));
        Run untrusted = run("verify", bundle.toString(), "--key", key.toString(), "--previous-checkpoint", foreign.toString());
        assertThat(untrusted.exitCode).isEqualTo(1);
        assertThat(untrusted.out).isEqualTo("FAIL: the checkpoint you hold is not signed by a trusted key\n");
    }

    @Test
    void warningsArePrintedOnlyWithOk() throws IOException {
        AuditBundle tampered = Bundles.editEntries(VALID,
                e -> e.set(5, Bundles.changeMember(e.get(5), "actor", "\"bob", "\"bpb")));
        Files.write(bundle, tampered.toJson());
        Run run = run("verify", bundle.toString());
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.out).isEqualTo("FAIL seq 5: signature does not verify with key 'audit-v1'\n");
        assertThat(run.err).isEmpty();
    }

    private Path write(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        return file;
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = VaultCommandLine.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exitCode, out.toString(), err.toString());
    }

    record Run(int exitCode, String out, String err) {
    }
}

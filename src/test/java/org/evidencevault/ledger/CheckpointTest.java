package org.evidencevault.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The c2sp.org/tlog-checkpoint body: the spec's example, exact formatting, strict parsing, opening. */
class CheckpointTest {

    /** The example of c2sp.org/tlog-checkpoint. */
    private static final String SPEC_EXAMPLE = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
            + "\n\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n";
    private static final byte[] ROOT_8 = TransparencyDevVectors.ROOTS.get(7);
    private static final byte[] KEY = ToySignatures.publicKey("log");
    private static final NoteKey LOG = ToySignatures.key("example.com/log", KEY);
    private static final NoteSigner SIGNER = ToySignatures.signer("example.com/log", KEY);

    @Test
    void readsTheSpecExample() throws MalformedNoteException {
        SignedNote note = SignedNote.parse(SPEC_EXAMPLE.getBytes(StandardCharsets.UTF_8));
        Checkpoint checkpoint = Checkpoint.parseBody(note.text());
        assertThat(checkpoint.origin()).isEqualTo("example.com/behind-the-sofa");
        assertThat(checkpoint.size()).isEqualTo(20852163L);
        assertThat(checkpoint.rootHash()).isEqualTo(Base64.getDecoder().decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="));
        assertThat(checkpoint.extensions()).isEmpty();
        assertThat(checkpoint.body()).isEqualTo(note.text());
        assertThat(note.signatures()).singleElement().satisfies(s -> assertThat(s.signature()).hasSize(64));
    }

    @Test
    void formatsOriginSizeRootAndExtensionLines() throws MalformedNoteException {
        Checkpoint checkpoint = new Checkpoint("example.com/log", 8, ROOT_8, List.of("ext one"));
        assertThat(checkpoint.body())
                .isEqualTo("example.com/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\next one\n");
        assertThat(Checkpoint.parseBody(checkpoint.body())).isEqualTo(checkpoint);
        assertThat(new Checkpoint("example.com/log", 0, MerkleTree.emptyRoot()).body())
                .isEqualTo("example.com/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n");
    }

    @Test
    void opensASignedCheckpointForTheExpectedOrigin() throws Exception {
        Checkpoint checkpoint = new Checkpoint("example.com/log", 8, ROOT_8);
        byte[] note = checkpoint.sign(List.of(SIGNER)).toBytes();
        assertThat(Checkpoint.open(note, "example.com/log", List.of(LOG))).isEqualTo(checkpoint);
        assertThatThrownBy(() -> Checkpoint.open(note, "example.com/other", List.of(LOG)))
                .isInstanceOf(NoteVerificationException.class)
                .hasMessage("checkpoint is for origin 'example.com/log', expected 'example.com/other'");
    }

    @Test
    void verifiesSignaturesBeforeReadingTheBody() {
        byte[] note = SignedNote.sign("not a checkpoint\n", List.of(SIGNER)).toBytes();
        NoteKey stranger = ToySignatures.key("example.com/other", ToySignatures.publicKey("other"));
        assertThatThrownBy(() -> Checkpoint.open(note, "example.com/log", List.of(stranger)))
                .isInstanceOf(NoteVerificationException.class)
                .hasMessage("note has no signature from a trusted key (it has 1 from unknown keys)");
        assertThatThrownBy(() -> Checkpoint.open(note, "example.com/log", List.of(LOG)))
                .isInstanceOf(MalformedNoteException.class)
                .hasMessage("checkpoint needs an origin, a tree size and a root hash line, but has 1 line(s)");
    }

    @Test
    void rejectsMalformedBodiesWithPreciseMessages() {
        String root = "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=";
        assertMalformed("o\n8\n", "checkpoint needs an origin, a tree size and a root hash line, but has 2 line(s)");
        assertMalformed("o\n8\n" + root, "checkpoint does not end with a newline");
        assertMalformed("o\n08\n" + root + "\n", "checkpoint line 2 (tree size) is not a decimal number without leading zeros");
        assertMalformed("o\n-1\n" + root + "\n", "checkpoint line 2 (tree size) is not a decimal number without leading zeros");
        assertMalformed("o\n+1\n" + root + "\n", "checkpoint line 2 (tree size) is not a decimal number without leading zeros");
        assertMalformed("o\n 1\n" + root + "\n", "checkpoint line 2 (tree size) is not a decimal number without leading zeros");
        assertMalformed("o\n9223372036854775808\n" + root + "\n", "checkpoint line 2 (tree size) is larger than 9223372036854775807");
        assertMalformed("o\n8\n" + root.replace("=", "") + "\n", "checkpoint line 3 (root hash) is not canonical base64");
        assertMalformed("o\n8\nAAAA\n", "checkpoint root hash is 3 bytes, expected 32");
        assertMalformed("o\n8\n" + root + "\n\next\n", "checkpoint line 4 is empty");
        assertMalformed("\n8\n" + root + "\n", "checkpoint line 1 is empty");
    }

    @Test
    void acceptsTheLargestTreeSize() throws MalformedNoteException {
        String body = "o\n9223372036854775807\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n";
        assertThat(Checkpoint.parseBody(body).size()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void refusesToBuildWhatCannotBeWritten() {
        assertThatThrownBy(() -> new Checkpoint("", 1, ROOT_8))
                .hasMessage("origin must be a non-empty line without control characters");
        assertThatThrownBy(() -> new Checkpoint("o\nx", 1, ROOT_8))
                .hasMessage("origin must be a non-empty line without control characters");
        assertThatThrownBy(() -> new Checkpoint("o", -1, ROOT_8)).hasMessage("tree size must not be negative");
        assertThatThrownBy(() -> new Checkpoint("o", 1, new byte[31])).hasMessage("root hash must be 32 bytes");
        assertThatThrownBy(() -> new Checkpoint("o", 1, ROOT_8, List.of("")))
                .hasMessage("extension line must be a non-empty line without control characters");
    }

    private static void assertMalformed(String body, String message) {
        assertThatThrownBy(() -> Checkpoint.parseBody(body)).isInstanceOf(MalformedNoteException.class).hasMessage(message);
    }
}

package org.evidencevault.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The c2sp.org/signed-note format: the Go sumdb/note example (golang.org/x/mod/sumdb/note) parses and keeps
 * its key ID, and a valid toy-signed fixture fails with an exact message when one thing in it changes.
 */
class SignedNoteTest {

    static final String GO_TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    static final String GO_NOTE = GO_TEXT + "\n\u2014 PeterNeumann "
            + "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    /** The Go verifier key PeterNeumann+c74f20a3+ARpc…: base64 of type 0x01 and the Ed25519 public key. */
    static final byte[] GO_PUBLIC_KEY = java.util.Arrays.copyOfRange(
            Base64.getDecoder().decode("ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"), 1, 33);

    private static final byte[] LOG_KEY = ToySignatures.publicKey("log");
    private static final byte[] WITNESS_KEY = ToySignatures.publicKey("witness");
    private static final NoteKey LOG = ToySignatures.key("example.com/log", LOG_KEY);
    private static final NoteKey WITNESS = ToySignatures.key("witness.example/w1", WITNESS_KEY);
    private static final String TEXT = "example.com/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n";

    private static SignedNote fixture() {
        return SignedNote.sign(TEXT, List.of(ToySignatures.signer("example.com/log", LOG_KEY),
                ToySignatures.signer("witness.example/w1", WITNESS_KEY)));
    }

    private static String encoded() {
        return new String(fixture().toBytes(), StandardCharsets.UTF_8);
    }

    private static SignedNote parse(String note) throws MalformedNoteException {
        return SignedNote.parse(note.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keyIdIsTheTruncatedHashOfNameTypeAndKeyAsInTheGoExample() throws MalformedNoteException {
        assertThat(NoteKey.keyId("PeterNeumann", SignatureType.ED25519, GO_PUBLIC_KEY)).isEqualTo(0xc74f20a3);
        SignedNote note = parse(GO_NOTE);
        assertThat(note.text()).isEqualTo(GO_TEXT);
        assertThat(note.signatures()).singleElement().satisfies(s -> {
            assertThat(s.keyName()).isEqualTo("PeterNeumann");
            assertThat(s.keyId()).isEqualTo(0xc74f20a3);
            assertThat(s.signature()).hasSize(64);
        });
        assertThat(new String(note.toBytes(), StandardCharsets.UTF_8)).isEqualTo(GO_NOTE);
    }

    @Test
    void formatsTextBlankLineAndOneEmDashLinePerSigner() throws Exception {
        String note = encoded();
        String[] parts = note.split("\n", -1);
        assertThat(parts).hasSize(7);
        assertThat(parts[3]).isEmpty();
        assertThat(parts[4]).startsWith("\u2014 example.com/log ");
        assertThat(parts[5]).startsWith("\u2014 witness.example/w1 ");
        byte[] blob = Base64.getDecoder().decode(parts[4].substring("\u2014 example.com/log ".length()));
        assertThat(java.nio.ByteBuffer.wrap(blob).getInt()).isEqualTo(LOG.keyId());
        assertThat(parse(note).verify(List.of(LOG, WITNESS))).containsExactly(LOG, WITNESS);
        assertThat(parse(note).text()).isEqualTo(TEXT);
    }

    @Test
    void verifiesWithAnyTrustedKeyAndIgnoresUnknownOnes() throws Exception {
        NoteKey stranger = ToySignatures.key("example.com/other", ToySignatures.publicKey("other"));
        assertThat(parse(encoded()).verify(List.of(WITNESS, stranger))).containsExactly(WITNESS);
        NoteKey sameNameOtherKey = ToySignatures.key("example.com/log", ToySignatures.publicKey("rotated"));
        assertThat(parse(encoded()).verify(List.of(sameNameOtherKey, WITNESS))).containsExactly(WITNESS);
    }

    @Test
    void rejectsANoteSignedOnlyByUnknownKeys() {
        NoteKey stranger = ToySignatures.key("example.com/other", ToySignatures.publicKey("other"));
        assertThatThrownBy(() -> parse(encoded()).verify(List.of(stranger)))
                .isInstanceOf(NoteVerificationException.class)
                .hasMessage("note has no signature from a trusted key (it has 2 from unknown keys)");
    }

    @Test
    void oneChangedByteOfTextFailsTheTrustedSignature() {
        String tampered = encoded().replaceFirst("\n8\n", "\n9\n");
        assertThatThrownBy(() -> parse(tampered).verify(List.of(LOG)))
                .isInstanceOf(NoteVerificationException.class)
                .hasMessage("signature by example.com/log (Ed25519, key ID %08x) does not verify", LOG.keyId());
    }

    @Test
    void verifyAllDemandsEveryRequiredKey() throws Exception {
        SignedNote logOnly = SignedNote.sign(TEXT, List.of(ToySignatures.signer("example.com/log", LOG_KEY)));
        assertThatThrownBy(() -> parse(new String(logOnly.toBytes(), StandardCharsets.UTF_8)).verifyAll(List.of(LOG, WITNESS)))
                .isInstanceOf(NoteVerificationException.class)
                .hasMessage("note is not signed by required key witness.example/w1 (Ed25519, key ID %08x)", WITNESS.keyId());
        parse(encoded()).verifyAll(List.of(LOG, WITNESS));
    }

    @Test
    void rejectsMalformedNotesWithPreciseMessages() {
        String note = encoded();
        String line1 = note.substring(note.indexOf('\u2014'), note.indexOf('\n', note.indexOf('\u2014')) + 1);
        assertMalformed(note.replace("\n\n", "\n"), "note has no blank line between its text and its signatures");
        assertMalformed(note.replace("\u2014 example.com/log", "\u2013 example.com/log"),
                "signature line 1 does not start with an em dash (U+2014) and a space");
        assertMalformed(note.replace("\u2014 witness", "-- witness"),
                "signature line 2 does not start with an em dash (U+2014) and a space");
        assertMalformed(note.replace("\u2014 example.com/log ", "\u2014example.com/log "),
                "signature line 1 does not start with an em dash (U+2014) and a space");
        assertMalformed(note.replace("=\n\u2014 witness", "\n\u2014 witness"),
                "signature line 1 has a signature that is not canonical base64");
        assertMalformed(note.replace("\u2014 example.com/log ", "\u2014 example.com/log *"),
                "signature line 1 has a signature that is not canonical base64");
        assertMalformed(note.replace("\u2014 example.com/log ", "\u2014 example.com/log+1 "),
                "signature line 1 has an invalid key name: it must be non-empty, without spaces or '+'");
        assertMalformed(note.replace("\u2014 example.com/log ", "\u2014 example.com/log"),
                "signature line 1 has no space between key name and signature");
        assertMalformed(note + "trailing", "note does not end with a newline");
        assertMalformed(note + "trailing\n", "signature line 3 does not start with an em dash (U+2014) and a space");
        assertMalformed(note + line1, "signature lines 1 and 3 are both from key example.com/log (key ID %08x)"
                .formatted(LOG.keyId()));
        assertMalformed(note + "\n", "note has no signature lines after its last blank line");
        assertMalformed(note.replace("8\n", "8\t\n"), "note has control character U+0009 at character 17");
    }

    @Test
    void rejectsSignatureBlobsWithoutSignatureBytes() {
        assertMalformed(TEXT + "\n\u2014 k AAAAAA==\n", "signature line 1 has 4 bytes, fewer than a 4-byte key ID and a signature");
    }

    @Test
    void boundsUntrustedInput() {
        StringBuilder seventeen = new StringBuilder(TEXT).append('\n');
        for (int i = 0; i < 17; i++) {
            seventeen.append("\u2014 k").append(i).append(" AAAAAAA=\n");
        }
        assertMalformed(seventeen.toString(), "note has 17 signature lines, more than the 16 accepted");
        byte[] huge = new byte[SignedNote.MAX_NOTE_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) 'a');
        assertThatThrownBy(() -> SignedNote.parse(huge)).isInstanceOf(MalformedNoteException.class)
                .hasMessage("note is 131073 bytes, more than the 131072 accepted");
        assertThatThrownBy(() -> SignedNote.parse(new byte[] {'a', (byte) 0xE2, (byte) 0x80, '\n'}))
                .hasMessage("note is not valid UTF-8");
    }

    @Test
    void signingRefusesTextThatCannotBeANote() {
        NoteSigner log = ToySignatures.signer("example.com/log", LOG_KEY);
        assertThatThrownBy(() -> SignedNote.sign("no newline", List.of(log)))
                .hasMessage("note text does not end with a newline");
        assertThatThrownBy(() -> SignedNote.sign("bell\u0007\n", List.of(log)))
                .hasMessage("note text has control character U+0007 at character 4");
        assertThatThrownBy(() -> SignedNote.sign("lone \ud800\n", List.of(log)))
                .hasMessage("note text has a lone surrogate at character 5, which UTF-8 cannot encode");
        assertThatThrownBy(() -> SignedNote.sign(TEXT, List.of(log, log)))
                .hasMessage("two signers share key example.com/log (key ID %08x)", LOG.keyId());
        List<NoteSigner> many = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            many.add(ToySignatures.signer("k" + i, LOG_KEY));
        }
        assertThatThrownBy(() -> SignedNote.sign(TEXT, many)).hasMessage("a note needs 1 to 16 signers, got 17");
        assertThatThrownBy(() -> SignedNote.sign(TEXT, List.of(ToySignatures.signer("a b", LOG_KEY))))
                .hasMessage("key name must be non-empty, without spaces, '+' or control characters");
    }

    @Test
    void rejectsAmbiguousTrustedKeys() {
        NoteKey twin = ToySignatures.key("example.com/log", LOG_KEY);
        assertThatThrownBy(() -> parse(encoded()).verify(List.of(LOG, twin)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("two trusted keys share name and key ID");
    }

    private static void assertMalformed(String note, String message) {
        assertThatThrownBy(() -> parse(note)).isInstanceOf(MalformedNoteException.class).hasMessage(message);
    }
}

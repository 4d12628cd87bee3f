package org.evidencevault.ledger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A signed note of c2sp.org/signed-note: UTF-8 text ending in a newline, a blank line, then one signature line
 * per key, {@code — <key name> <base64(key ID || signature)>}. Signatures cover the text including its final
 * newline, not the blank line.
 *
 * <p>Verification follows the spec: signatures from unknown keys are ignored, a failing signature from a
 * trusted key rejects the whole note, and a note with no verified trusted signature is rejected.
 * {@link #verifyAll} additionally demands a valid signature from every trusted key given.
 */
public final class SignedNote {

    /**
     * Upper bound on an encoded note. The spec requires accepting at least 16 signatures and warns that
     * post-quantum ones approach 5 kB: 16 base64 ML-DSA-65 lines are about 72 KiB, so 64 KiB would be too few.
     */
    public static final int MAX_NOTE_BYTES = 128 * 1024;
    /** At most this many signature lines, the minimum the spec requires verifiers to accept. */
    public static final int MAX_SIGNATURES = 16;

    private final String text;
    private final List<NoteSignature> signatures;

    SignedNote(String text, List<NoteSignature> signatures) {
        this.text = text;
        this.signatures = List.copyOf(signatures);
    }

    /** Signs {@code text} (non-empty, ending in a newline, no control characters but newlines) with every signer. */
    public static SignedNote sign(String text, List<? extends NoteSigner> signers) {
        String problem = SignedNoteParser.textProblem(text);
        if (problem != null) {
            throw new IllegalArgumentException("note text " + problem);
        }
        if (signers.isEmpty() || signers.size() > MAX_SIGNATURES) {
            throw new IllegalArgumentException("a note needs 1 to " + MAX_SIGNATURES + " signers, got " + signers.size());
        }
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        List<NoteSignature> signatures = new ArrayList<>();
        for (NoteSigner signer : signers) {
            int keyId = NoteKey.keyId(KeyName.require(signer.keyName()), signer.type(), signer.publicKey());
            NoteSignature signature = new NoteSignature(signer.keyName(), keyId, signer.sign(message));
            if (signatures.stream().anyMatch(signature::sameKey)) {
                throw new IllegalArgumentException("two signers share key " + signature);
            }
            signatures.add(signature);
        }
        SignedNote note = new SignedNote(text, signatures);
        if (note.toBytes().length > MAX_NOTE_BYTES) {
            throw new IllegalArgumentException("signed note would exceed " + MAX_NOTE_BYTES + " bytes");
        }
        return note;
    }

    /** Parses an encoded note strictly; see {@link SignedNoteParser} for the rules. */
    public static SignedNote parse(byte[] encoded) throws MalformedNoteException {
        return SignedNoteParser.parse(encoded);
    }

    /** The text the signatures cover, with its final newline. */
    public String text() {
        return text;
    }

    public List<NoteSignature> signatures() {
        return signatures;
    }

    /**
     * This note with {@code more} signature lines after its own (a witness's cosignatures, say); a line of a key that
     * already signed is refused, as are more than {@link #MAX_SIGNATURES} lines in all.
     */
    public SignedNote withSignatures(List<NoteSignature> more) {
        List<NoteSignature> all = new ArrayList<>(signatures);
        for (NoteSignature s : more) {
            if (all.stream().anyMatch(s::sameKey)) {
                throw new IllegalArgumentException("key " + s + " already signed this note");
            }
            all.add(s);
        }
        if (all.size() > MAX_SIGNATURES) {
            throw new IllegalArgumentException("a note has at most " + MAX_SIGNATURES + " signature lines");
        }
        return new SignedNote(text, all);
    }

    /** This note with only the signature lines {@code keep} accepts, in their order. */
    public SignedNote onlySignatures(java.util.function.Predicate<NoteSignature> keep) {
        return new SignedNote(text, signatures.stream().filter(keep).toList());
    }

    /** The encoded note: text, blank line, signature lines. */
    public byte[] toBytes() {
        StringBuilder out = new StringBuilder(text).append('\n');
        signatures.forEach(s -> out.append(s.line()));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The trusted keys whose signatures verify, in signature order. Fails if any signature from a trusted key
     * is invalid, or if no trusted key signed.
     */
    public List<NoteKey> verify(Collection<NoteKey> trusted) throws NoteVerificationException {
        requireUnambiguous(trusted);
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        List<NoteKey> verified = new ArrayList<>();
        for (NoteSignature signature : signatures) {
            NoteKey key = trusted.stream().filter(k -> k.matches(signature)).findFirst().orElse(null);
            if (key == null) {
                continue; // unknown keys are ignored, as the spec requires
            }
            if (!key.verifies(message, signature.signature())) {
                throw new NoteVerificationException("signature by " + key + " does not verify");
            }
            verified.add(key);
        }
        if (verified.isEmpty()) {
            throw new NoteVerificationException("note has no signature from a trusted key (it has "
                    + signatures.size() + " from unknown keys)");
        }
        return verified;
    }

    /** Like {@link #verify}, and every key in {@code required} must have a valid signature on the note. */
    public void verifyAll(Collection<NoteKey> required) throws NoteVerificationException {
        if (required.isEmpty()) {
            throw new IllegalArgumentException("verifyAll needs at least one required key");
        }
        List<NoteKey> verified = verify(required);
        for (NoteKey key : required) {
            if (!verified.contains(key)) {
                throw new NoteVerificationException("note is not signed by required key " + key);
            }
        }
    }

    private static void requireUnambiguous(Collection<NoteKey> trusted) {
        List<NoteKey> seen = new ArrayList<>();
        for (NoteKey key : trusted) {
            if (seen.stream().anyMatch(k -> k.name().equals(key.name()) && k.keyId() == key.keyId())) {
                throw new IllegalArgumentException("two trusted keys share name and key ID: " + key);
            }
            seen.add(key);
        }
    }
}

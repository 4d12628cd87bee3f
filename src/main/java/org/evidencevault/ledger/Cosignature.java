package org.evidencevault.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * A witness's cosignature of a checkpoint (c2sp.org/tlog-cosignature, Ed25519 type {@code cosignature/v1}): a note
 * signature line {@code — <witness name> base64(key ID || u64 timestamp || Ed25519 signature)} whose signature is
 * over {@code "cosignature/v1\ntime <timestamp>\n"} followed by the checkpoint's note text. It states that as of
 * {@code timestamp} (POSIX seconds) the largest consistent tree the witness saw for the log has this root.
 */
public record Cosignature(String witness, int keyId, long timestamp, byte[] signature) {

    public static final String HEADER = "cosignature/v1";
    /** Bytes after the key ID: the 8-byte timestamp and the 64-byte Ed25519 signature. */
    public static final int SIGNATURE_BYTES = 8 + 64;

    public Cosignature {
        KeyName.require(witness);
        if (timestamp < 0) {
            throw new IllegalArgumentException("a cosignature's timestamp is at most 2^63 - 1");
        }
        if (signature == null || signature.length != 64) {
            throw new IllegalArgumentException("an Ed25519 signature is 64 bytes");
        }
        signature = signature.clone();
    }

    /** The message a witness signs for a checkpoint whose note text is {@code checkpointText}. */
    public static byte[] message(String checkpointText, long timestamp) {
        return (HEADER + "\ntime " + timestamp + "\n" + checkpointText).getBytes(StandardCharsets.UTF_8);
    }

    /** Cosigns {@code checkpointText} as {@code key} at {@code timestamp}, {@code sign} being the witness's Ed25519 signer. */
    public static Cosignature sign(WitnessKey key, String checkpointText, long timestamp, Function<byte[], byte[]> sign) {
        return new Cosignature(key.name(), key.keyId(), timestamp, sign.apply(message(checkpointText, timestamp)));
    }

    /** A note signature line read as a cosignature, or null if its length is not that of one. */
    public static Cosignature of(NoteSignature line) {
        byte[] blob = line.signature();
        if (blob.length != SIGNATURE_BYTES) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(blob);
        long timestamp = b.getLong();
        if (timestamp < 0) {
            return null;
        }
        byte[] sig = new byte[64];
        b.get(sig);
        return new Cosignature(line.keyName(), line.keyId(), timestamp, sig);
    }

    /** As a note signature line (to append to the checkpoint). */
    public NoteSignature noteSignature() {
        return new NoteSignature(witness, keyId, ByteBuffer.allocate(SIGNATURE_BYTES).putLong(timestamp).put(signature).array());
    }

    /** The line with its newline: {@code — <name> <base64>}. */
    public String line() {
        return noteSignature().line();
    }

    public Instant time() {
        return Instant.ofEpochSecond(timestamp);
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** Whether this is {@code key}'s valid cosignature of {@code checkpointText}. */
    public boolean verifies(WitnessKey key, String checkpointText, NoteVerifier ed25519) {
        return key.name().equals(witness) && key.keyId() == keyId
                && ed25519.verify(key.publicKey(), message(checkpointText, timestamp), signature);
    }

    /** What the cosignature lines of a checkpoint from the trusted witnesses prove. */
    public record Verified(WitnessKey witness, Cosignature cosignature) {
    }

    /**
     * The valid cosignatures of {@code note} by the trusted witnesses, in line order; lines of other keys are ignored.
     *
     * @throws NoteVerificationException if a line of a trusted witness is not a valid cosignature (a bad line from a
     *                                   trusted key rejects the note, as signed-note requires)
     */
    public static List<Verified> verify(SignedNote note, Collection<WitnessKey> trusted, NoteVerifier ed25519)
            throws NoteVerificationException {
        List<Verified> verified = new ArrayList<>();
        for (NoteSignature line : note.signatures()) {
            for (WitnessKey key : trusted) {
                if (!key.matches(line)) {
                    continue;
                }
                Cosignature c = of(line);
                if (c == null || !c.verifies(key, note.text(), ed25519)) {
                    throw new NoteVerificationException("cosignature by " + key + " does not verify");
                }
                if (verified.stream().noneMatch(v -> v.witness().equals(key))) {
                    verified.add(new Verified(key, c));
                }
            }
        }
        return verified;
    }
}

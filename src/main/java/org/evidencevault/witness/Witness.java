package org.evidencevault.witness;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.evidencevault.crypto.WitnessKeyFile;
import org.evidencevault.ledger.Checkpoint;
import org.evidencevault.ledger.Cosignature;
import org.evidencevault.ledger.MalformedNoteException;
import org.evidencevault.ledger.MerkleProofs;
import org.evidencevault.ledger.NoteKey;
import org.evidencevault.ledger.NoteVerificationException;
import org.evidencevault.ledger.ProofException;
import org.evidencevault.ledger.SignedNote;
import org.evidencevault.ledger.WitnessKey;

/**
 * The witness's one call, {@code add-checkpoint} (c2sp.org/tlog-witness), without HTTP: the request body in, the
 * status, content type and body of the answer out. In order: a malformed request is 400; a checkpoint of an origin it
 * does not witness 404; one no trusted key of that log signed 403; an old size above the checkpoint's size 400; an old
 * size that is not the size it last cosigned 409 with that size ({@code text/x.tlog.size}); the same size with another
 * root (a split view) 409; a consistency proof that does not verify (a rewritten history) 422. Otherwise it records the
 * new size and root, on disk, and answers 200 with its {@code cosignature/v1} line. The check and the record are one
 * atomic step, so two racing requests can never roll it back.
 */
public final class Witness {

    /** At most this many consistency proof lines, as the protocol allows. */
    public static final int MAX_PROOF_LINES = 63;
    public static final String SIZE_TYPE = "text/x.tlog.size";

    /** An answer: HTTP status, content type and body. */
    public record Answer(int status, String contentType, byte[] body) {
        static Answer text(int status, String text) {
            return new Answer(status, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private final WitnessKey key;
    private final Function<byte[], byte[]> signer;
    private final Map<String, List<NoteKey>> logs;
    private final WitnessState state;
    private final Clock clock;
    private final java.io.PrintWriter log;

    /**
     * A witness signing as {@code key} for the logs given (origin, and the note keys of the log any of which may sign its
     * checkpoints), remembering them in {@code stateFile}.
     */
    public static Witness open(WitnessKeyFile key, Map<String, List<NoteKey>> logs, java.nio.file.Path stateFile, Clock clock,
                               java.io.PrintWriter log) throws IOException {
        return new Witness(key.key(), key::sign, logs, WitnessState.open(stateFile), clock, log);
    }

    Witness(WitnessKey key, Function<byte[], byte[]> signer, Map<String, List<NoteKey>> logs, WitnessState state, Clock clock,
            java.io.PrintWriter log) {
        this.key = key;
        this.signer = signer;
        for (Map.Entry<String, List<NoteKey>> witnessed : logs.entrySet()) {
            List<NoteKey> keys = witnessed.getValue();
            if (new java.util.HashSet<>(keys.stream().map(k -> k.name() + "/" + k.keyId()).toList()).size() != keys.size()) {
                throw new IllegalArgumentException("a key of log " + witnessed.getKey() + " is given twice");
            }
        }
        this.logs = Map.copyOf(logs);
        this.state = state;
        this.clock = clock;
        this.log = log;
    }

    public WitnessKey key() {
        return key;
    }

    /** The origins it witnesses. */
    public Collection<String> origins() {
        return logs.keySet();
    }

    public Answer addCheckpoint(byte[] body) {
        Request request;
        try {
            request = Request.parse(body);
        } catch (IllegalArgumentException e) {
            return Answer.text(400, e.getMessage());
        }
        SignedNote note;
        try {
            note = SignedNote.parse(request.note());
        } catch (MalformedNoteException e) {
            return Answer.text(400, "malformed checkpoint: " + e.getMessage());
        }
        String origin = note.text().substring(0, note.text().indexOf('\n'));
        List<NoteKey> trusted = logs.get(origin);
        if (trusted == null) {
            return Answer.text(404, "unknown log");
        }
        if (!signedByOneVersion(note, trusted)) {
            return Answer.text(403, "the checkpoint is not signed by both keys of one key version of this log");
        }
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parseBody(note.text());
        } catch (MalformedNoteException e) {
            return Answer.text(400, "malformed checkpoint: " + e.getMessage());
        }
        if (request.oldSize() > checkpoint.size()) {
            return Answer.text(400, "the old size is larger than the checkpoint's");
        }
        synchronized (this) {
            WitnessState.Tree latest = state.get(origin).orElse(null);
            long size = latest == null ? 0 : latest.size();
            if (request.oldSize() != size) {
                return new Answer(409, SIZE_TYPE, (size + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            if (latest != null && checkpoint.size() == size) {
                if (!Arrays.equals(latest.root(), checkpoint.rootHash())) {
                    log.println("SPLIT VIEW: " + origin + " showed a second checkpoint of size " + size + " with another root");
                    return new Answer(409, SIZE_TYPE, (size + "\n").getBytes(StandardCharsets.US_ASCII));
                }
            } else if (latest == null) {
                if (!request.proof().isEmpty()) {
                    return Answer.text(422, "a consistency proof from size 0 is empty");
                }
            } else {
                try {
                    MerkleProofs.verifyConsistency(size, checkpoint.size(), request.proof(), latest.root(), checkpoint.rootHash());
                } catch (ProofException e) {
                    // a signed checkpoint and a bad proof prove nothing by themselves (anyone can send a junk proof):
                    // refused, noted without an alarm; only a second signed root of a size held is a split view
                    log.println("refused " + origin + " size " + checkpoint.size() + " from size " + size
                            + ": its consistency proof does not verify");
                    return Answer.text(422, "the consistency proof does not verify");
                }
            }
            try {
                if (latest == null || checkpoint.size() > size) {
                    state.put(origin, new WitnessState.Tree(checkpoint.size(), checkpoint.rootHash()));
                }
            } catch (IOException e) {
                log.println("could not record " + origin + " size " + checkpoint.size() + ": " + e.getMessage());
                return Answer.text(503, "the witness could not record the checkpoint");
            }
        }
        Cosignature cosignature = Cosignature.sign(key, note.text(), clock.instant().getEpochSecond(), signer);
        return new Answer(200, "text/plain; charset=utf-8", cosignature.line().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether both signatures of one key version of the log verify: its Ed25519 key ({@code <keyId>}) and its ML-DSA-65
     * key ({@code <keyId>-mldsa65}), as an auditor requires; a key version's pair is the keys whose names differ by that
     * suffix.
     */
    private static boolean signedByOneVersion(SignedNote note, List<NoteKey> trusted) {
        Map<String, List<NoteKey>> versions = new java.util.LinkedHashMap<>();
        for (NoteKey k : trusted) {
            versions.computeIfAbsent(k.name().replaceFirst("-mldsa65$", ""), n -> new ArrayList<>()).add(k);
        }
        for (List<NoteKey> pair : versions.values()) {
            try {
                note.verifyAll(pair);
                return true;
            } catch (NoteVerificationException | IllegalArgumentException e) {
                // not this version
            }
        }
        return false;
    }

    /** The request body: {@code old <size>}, up to 63 proof lines, an empty line, the checkpoint note. */
    record Request(long oldSize, List<byte[]> proof, byte[] note) {

        static Request parse(byte[] body) {
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException("the request is not UTF-8");
            }
            int at = 0;
            int end = lineEnd(body, at);
            String old = new String(body, at, end - at, StandardCharsets.US_ASCII);
            if (!old.matches("old (0|[1-9][0-9]{0,18})")) {
                throw new IllegalArgumentException("the first line must be 'old <size>'");
            }
            long oldSize;
            try {
                oldSize = Long.parseLong(old.substring(4));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the old size is too large");
            }
            at = end + 1;
            List<byte[]> proof = new ArrayList<>();
            while (true) {
                end = lineEnd(body, at);
                if (end == at) {
                    break;
                }
                if (proof.size() == MAX_PROOF_LINES) {
                    throw new IllegalArgumentException("more than " + MAX_PROOF_LINES + " consistency proof lines");
                }
                String line = new String(body, at, end - at, StandardCharsets.US_ASCII);
                byte[] hash;
                try {
                    hash = Base64.getDecoder().decode(line);
                } catch (IllegalArgumentException e) {
                    hash = null;
                }
                if (hash == null || hash.length != 32 || !Base64.getEncoder().encodeToString(hash).equals(line)) {
                    throw new IllegalArgumentException("a consistency proof line must be the base64 of a 32-byte hash");
                }
                proof.add(hash);
                at = end + 1;
            }
            return new Request(oldSize, List.copyOf(proof), Arrays.copyOfRange(body, end + 1, body.length));
        }

        private static int lineEnd(byte[] body, int from) {
            for (int i = from; i < body.length; i++) {
                if (body[i] == '\n') {
                    return i;
                }
            }
            throw new IllegalArgumentException("every line must end in a newline, and an empty line must come before the checkpoint");
        }
    }
}

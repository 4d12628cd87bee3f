package org.evidencevault.ledger;

import java.security.MessageDigest;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A transparency log checkpoint (c2sp.org/tlog-checkpoint): the note text {@code <origin>\n<tree size>\n
 * <base64 root hash>\n} and optional non-empty extension lines, signed as a {@link SignedNote}.
 *
 * <p>The tree size is ASCII decimal without leading zeros (0 for the empty tree); the root hash is the 32-byte
 * RFC 6962 Merkle Tree Hash of {@link MerkleTree}. Any non-empty origin line is accepted, as the spec says;
 * it SHOULD be a schema-less URL without spaces or '+', matching the log's key name.
 */
public final class Checkpoint {

    private static final Pattern TREE_SIZE = Pattern.compile("0|[1-9][0-9]{0,18}");

    private final String origin;
    private final long size;
    private final byte[] rootHash;
    private final List<String> extensions;

    public Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {
        this.origin = requireLine("origin", origin);
        if (size < 0) {
            throw new IllegalArgumentException("tree size must not be negative");
        }
        if (rootHash.length != MerkleTree.HASH_BYTES) {
            throw new IllegalArgumentException("root hash must be " + MerkleTree.HASH_BYTES + " bytes");
        }
        extensions.forEach(line -> requireLine("extension line", line));
        this.size = size;
        this.rootHash = rootHash.clone();
        this.extensions = List.copyOf(extensions);
    }

    public Checkpoint(String origin, long size, byte[] rootHash) {
        this(origin, size, rootHash, List.of());
    }

    /**
     * Opens a checkpoint note: parses it, demands a valid signature from every key in {@code required}, and
     * only then reads the body and checks that it is for {@code expectedOrigin}.
     */
    public static Checkpoint open(byte[] note, String expectedOrigin, Collection<NoteKey> required)
            throws MalformedNoteException, NoteVerificationException {
        SignedNote signed = SignedNote.parse(note);
        signed.verifyAll(required);
        Checkpoint checkpoint = parseBody(signed.text());
        if (!checkpoint.origin.equals(expectedOrigin)) {
            throw new NoteVerificationException("checkpoint is for origin '" + checkpoint.origin + "', expected '"
                    + expectedOrigin + "'");
        }
        return checkpoint;
    }

    /** Reads checkpoint note text; call only on text whose signatures were verified. */
    public static Checkpoint parseBody(String text) throws MalformedNoteException {
        String problem = SignedNoteParser.textProblem(text);
        if (problem != null) {
            throw new MalformedNoteException("checkpoint " + problem);
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new MalformedNoteException("checkpoint needs an origin, a tree size and a root hash line, but has "
                    + lines.length + " line(s)");
        }
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                throw new MalformedNoteException("checkpoint line " + (i + 1) + " is empty");
            }
        }
        if (!TREE_SIZE.matcher(lines[1]).matches()) {
            throw new MalformedNoteException("checkpoint line 2 (tree size) is not a decimal number without leading zeros");
        }
        long size;
        try {
            size = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            throw new MalformedNoteException("checkpoint line 2 (tree size) is larger than " + Long.MAX_VALUE);
        }
        byte[] root = CanonicalBase64.decodeOrNull(lines[2]);
        if (root == null) {
            throw new MalformedNoteException("checkpoint line 3 (root hash) is not canonical base64");
        }
        if (root.length != MerkleTree.HASH_BYTES) {
            throw new MalformedNoteException("checkpoint root hash is " + root.length + " bytes, expected "
                    + MerkleTree.HASH_BYTES);
        }
        return new Checkpoint(lines[0], size, root, List.of(lines).subList(3, lines.length));
    }

    private static String requireLine(String what, String line) {
        if (line.isEmpty() || line.indexOf('\n') >= 0 || SignedNoteParser.textProblem(line + "\n") != null) {
            throw new IllegalArgumentException(what + " must be a non-empty line without control characters");
        }
        return line;
    }

    /** The note text: origin, size, base64 root and extension lines, each ending in a newline. */
    public String body() {
        StringBuilder out = new StringBuilder()
                .append(origin).append('\n')
                .append(size).append('\n')
                .append(CanonicalBase64.encode(rootHash)).append('\n');
        extensions.forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    /** This checkpoint's body signed by every signer. */
    public SignedNote sign(List<? extends NoteSigner> signers) {
        return SignedNote.sign(body(), signers);
    }

    public String origin() {
        return origin;
    }

    public long size() {
        return size;
    }

    public byte[] rootHash() {
        return rootHash.clone();
    }

    public List<String> extensions() {
        return extensions;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && origin.equals(c.origin) && size == c.size
                && MessageDigest.isEqual(rootHash, c.rootHash) && extensions.equals(c.extensions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, size, extensions);
    }

    @Override
    public String toString() {
        return "Checkpoint[" + origin + ", size " + size + ", root " + CanonicalBase64.encode(rootHash) + "]";
    }
}

package org.evidencevault.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * An export of the audit log for offline verification (docs/audit-format.md, "Bundle"): the log's origin,
 * the scope exported, the public keys, the signed entries in order, signed checkpoint notes oldest first (the
 * last is "the latest", which the entries are proven against) and the Merkle proofs that tie them together.
 * Nothing in a bundle is trusted because it is in the bundle; {@link BundleVerifier} decides.
 *
 * <p>The constructor and {@link #parse} enforce the shape and the bounds below, never the evidence.
 */
public record AuditBundle(String origin, BundleScope scope, List<AuditPublicKey> keys, List<SignedEntry> entries,
                          List<String> checkpoints, List<ConsistencyProof> consistencyProofs,
                          List<InclusionProof> inclusionProofs, List<CheckpointTimestamp> timestamps) {

    /** The value of the {@code format} member of a bundle without time-stamp tokens. */
    public static final String FORMAT = "evidence-vault-audit-bundle/1";
    /** The value of the {@code format} member of a bundle with a {@code timestamps} member. */
    public static final String FORMAT_2 = "evidence-vault-audit-bundle/2";
    /** At most this many time-stamp tokens in a bundle. */
    public static final int MAX_TIMESTAMPS = 10_000;
    /** Largest bundle read: 8 GiB, room for {@link #MAX_ENTRIES} entries of typical size. */
    public static final long MAX_BUNDLE_BYTES = 8L << 30;
    public static final int MAX_ENTRIES = 10_000_000;
    /** Largest entry, in UTF-8 bytes of its canonical JSON. */
    public static final int MAX_ENTRY_BYTES = 64 * 1024;
    /** Most hashes in one proof: a tree of at most 2^64 leaves needs no more. */
    public static final int MAX_PROOF_HASHES = 64;
    public static final int MAX_KEYS = 1_000;
    public static final int MAX_CHECKPOINTS = 10_000;
    public static final int MAX_ORIGIN_CHARS = 1_000;

    public AuditBundle {
        if (origin == null || origin.isEmpty() || origin.length() > MAX_ORIGIN_CHARS || origin.indexOf('\n') >= 0
                || SignedNoteParser.textProblem(origin + "\n") != null) {
            throw new IllegalArgumentException("origin must be one line of 1 to " + MAX_ORIGIN_CHARS
                    + " characters without control characters");
        }
        Objects.requireNonNull(scope, "scope");
        keys = bounded("keys", keys, MAX_KEYS);
        entries = bounded("entries", entries, MAX_ENTRIES);
        checkpoints = bounded("checkpoints", checkpoints, MAX_CHECKPOINTS);
        consistencyProofs = bounded("consistencyProofs", consistencyProofs, MAX_CHECKPOINTS);
        inclusionProofs = bounded("inclusionProofs", inclusionProofs, MAX_ENTRIES);
        timestamps = bounded("timestamps", timestamps == null ? List.of() : timestamps, MAX_TIMESTAMPS);
        requireUnique("keys", keys, AuditPublicKey::keyId, "keyId");
        requireUnique("consistencyProofs", consistencyProofs, p -> p.fromSize() + ".." + p.toSize(), "fromSize and toSize");
        requireUnique("inclusionProofs", inclusionProofs, p -> p.seq() + "@" + p.treeSize(), "seq and treeSize");
        checkpoints.forEach(AuditBundle::requireNoteSized);
    }

    /** A bundle without time-stamp tokens (format 1). */
    public AuditBundle(String origin, BundleScope scope, List<AuditPublicKey> keys, List<SignedEntry> entries,
                       List<String> checkpoints, List<ConsistencyProof> consistencyProofs, List<InclusionProof> inclusionProofs) {
        this(origin, scope, keys, entries, checkpoints, consistencyProofs, inclusionProofs, List.of());
    }

    /** The format this bundle is written in: 2 if it carries time-stamp tokens, else 1. */
    public String format() {
        return timestamps.isEmpty() ? FORMAT : FORMAT_2;
    }

    /** Parses a bundle strictly; see docs/audit-format.md for the rules. */
    public static AuditBundle parse(byte[] json) throws MalformedBundleException {
        return AuditBundleReader.readBundle(json);
    }

    /** Parses a bundle strictly from a stream, reading at most {@link #MAX_BUNDLE_BYTES}. */
    public static AuditBundle parse(InputStream json) throws MalformedBundleException {
        return AuditBundleReader.readBundle(json);
    }

    /** Reads a bundle file, refusing files over {@link #MAX_BUNDLE_BYTES} before reading them. */
    public static AuditBundle read(Path file) throws IOException, MalformedBundleException {
        long size = Files.size(file);
        if (size > MAX_BUNDLE_BYTES) {
            throw new MalformedBundleException("bundle is " + size + " bytes, more than the " + MAX_BUNDLE_BYTES
                    + " accepted");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The bundle as JSON (UTF-8), members in the order of docs/audit-format.md. */
    public byte[] toJson() {
        return AuditBundleWriter.bundle(this);
    }

    /** Writes {@link #toJson()} to {@code out} without building it in memory; does not close {@code out}. */
    public void writeTo(OutputStream out) {
        AuditBundleWriter.writeBundle(this, out);
    }

    private static <T> List<T> bounded(String what, List<T> list, int max) {
        Objects.requireNonNull(list, what);
        if (list.size() > max) {
            throw new IllegalArgumentException(what + " holds " + list.size() + " elements, more than the " + max
                    + " accepted");
        }
        return List.copyOf(list);
    }

    private static <T> void requireUnique(String what, List<T> list, Function<T, String> key, String keyName) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            if (!seen.add(key.apply(list.get(i)))) {
                throw new IllegalArgumentException(what + "[" + i + "] repeats the " + keyName + " of an earlier element");
            }
        }
    }

    private static void requireNoteSized(String note) {
        if (note.length() > SignedNote.MAX_NOTE_BYTES
                || note.getBytes(StandardCharsets.UTF_8).length > SignedNote.MAX_NOTE_BYTES) {
            throw new IllegalArgumentException("a checkpoint note is at most " + SignedNote.MAX_NOTE_BYTES + " bytes");
        }
        for (int i = 0; i < note.length(); i++) {
            char c = note.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < note.length() && Character.isLowSurrogate(note.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("a checkpoint note has a lone surrogate, which UTF-8 cannot encode");
            }
        }
    }
}

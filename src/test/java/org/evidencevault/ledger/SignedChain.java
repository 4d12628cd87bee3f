package org.evidencevault.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.evidencevault.crypto.AuditSigningKey;
import org.evidencevault.crypto.Ed25519Keys;
import org.evidencevault.crypto.MlDsa65Keys;

/**
 * A test fixture: an audit chain of N entries really signed with {@link AuditSigningKey}s, its checkpoints
 * (Ed25519 and ML-DSA-65) and proofs, and bundles cut from it. Entries vary in kind, targets and commitment;
 * entry {@code seq} has time {@code 2026-11-29T03:15:00.000Z} plus {@code seq} seconds.
 */
public final class SignedChain {

    public static final String ORIGIN = "vault.example/audit";
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final AuditSigningKey V1 = AuditSigningKey.generate("audit", 1, RANDOM);
    public static final AuditSigningKey V2 = AuditSigningKey.generate("audit", 2, RANDOM);
    /** Another key under V1's key id, as a forger would make one. */
    public static final AuditSigningKey IMPOSTOR_V1 = AuditSigningKey.generate("audit", 1, RANDOM);
    public static final AuditSigningKey STRANGER = AuditSigningKey.generate("evil", 1, RANDOM);
    public static final BundleVerifier VERIFIER = new BundleVerifier(Ed25519Keys::verify, Ed25519Keys.noteVerifier(),
            MlDsa65Keys.noteVerifier());
    private static final Instant START = Instant.parse("2026-11-29T03:15:00Z");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** Changes the standard draft of entry {@code seq} before it is hashed and signed. */
    @FunctionalInterface
    public interface EntryEdit {
        AuditEntry apply(int seq, AuditEntry draft);
    }

    private final IntFunction<AuditSigningKey> signers;
    private final List<AuditEntry> entries;
    private final List<byte[]> hashes;
    private final List<SignedEntry> signed;
    private final Map<Long, String> checkpoints = new HashMap<>();

    private SignedChain(IntFunction<AuditSigningKey> signers, List<AuditEntry> entries, List<byte[]> hashes,
                        List<SignedEntry> signed) {
        this.signers = signers;
        this.entries = entries;
        this.hashes = hashes;
        this.signed = signed;
    }

    /** {@code n} entries signed by {@link #V1}. */
    public static SignedChain of(int n) {
        return build(n, seq -> V1, (seq, draft) -> draft);
    }

    /** {@code n} entries; entry {@code rotateAt}, signed by V1, rotates to V2, which signs the rest. */
    public static SignedChain rotated(int n, int rotateAt) {
        return build(n, seq -> seq > rotateAt ? V2 : V1,
                (seq, draft) -> seq == rotateAt ? rotation(draft, publicKey(V2).commitment()) : draft);
    }

    public static SignedChain build(int n, IntFunction<AuditSigningKey> signers, EntryEdit edit) {
        List<AuditEntry> entries = new ArrayList<>(n);
        List<byte[]> canonical = new ArrayList<>(n);
        List<byte[]> hashes = new ArrayList<>(n);
        String prev = AuditEntry.GENESIS_PREV;
        for (int seq = 0; seq < n; seq++) {
            AuditEntry entry = edit.apply(seq, standardEntry(seq, prev, signers.apply(seq).keyId()));
            byte[] bytes = entry.canonicalBytes();
            byte[] hash = MerkleTree.leafHash(bytes);
            entries.add(entry);
            canonical.add(bytes);
            hashes.add(hash);
            prev = HexFormat.of().formatHex(hash);
        }
        // Signers are looked up here, not in the parallel stream: a lambda declared in a test class's static
        // initialiser cannot run on another thread until that initialiser is done.
        AuditSigningKey[] signerOf = new AuditSigningKey[n];
        for (int seq = 0; seq < n; seq++) {
            signerOf[seq] = signers.apply(seq);
        }
        SignedEntry[] signed = new SignedEntry[n];
        IntStream.range(0, n).parallel().forEach(i -> signed[i] = new SignedEntry(canonical.get(i),
                signerOf[i].signEntry(AuditEntry.signedMessage(hashes.get(i)))));
        return new SignedChain(signers, entries, hashes, List.of(signed));
    }

    public static AuditEntry standardEntry(int seq, String prev, String keyId) {
        String time = time(seq);
        String incident = "inc-" + seq % 7;
        return switch (seq % 4) {
            case 0 -> new AuditEntry(seq, time, "alice", "RAPPORTEUR", "CHANGE", "incident.revise",
                    List.of(new AuditEntry.Target("incident", incident, (long) seq + 1)), commitment(seq), prev, keyId);
            case 1 -> new AuditEntry(seq, time, "bob", "AUDITOR", "READ", "incident.read",
                    List.of(new AuditEntry.Target("incident", incident, null)), null, prev, keyId);
            case 2 -> new AuditEntry(seq, time, "carol", "PROTECTION_OFFICER", "CHANGE", "defender.update",
                    List.of(new AuditEntry.Target("defender", "def-" + seq % 5, 2L),
                            new AuditEntry.Target("incident", incident, null)), commitment(seq), prev, keyId);
            default -> new AuditEntry(seq, time, "admin", "ADMIN", "ADMIN", "account.create",
                    List.of(new AuditEntry.Target("account", "acct-" + seq, null)), null, prev, keyId);
        };
    }

    /** {@code draft} turned into a rotation to V2 with the given commitment. */
    public static AuditEntry rotation(AuditEntry draft, String commitment) {
        return new AuditEntry(draft.seq(), draft.time(), "system", "SYSTEM", "KEY", KeyRotation.ACTION,
                List.of(new AuditEntry.Target(KeyRotation.TARGET_TYPE, V2.keyId(), null)), commitment, draft.prev(),
                draft.keyId());
    }

    public static String time(int seq) {
        return TIME.format(START.plusSeconds(seq));
    }

    public static AuditPublicKey publicKey(AuditSigningKey key) {
        return new AuditPublicKey(key.keyId(), key.ed25519PublicKey(), key.mlDsa65PublicKey());
    }

    public int size() {
        return entries.size();
    }

    public AuditEntry entry(int seq) {
        return entries.get(seq);
    }

    public SignedEntry signed(int seq) {
        return signed.get(seq);
    }

    public List<SignedEntry> signedEntries() {
        return signed;
    }

    public byte[] root(long size) {
        return MerkleTree.root(LeafHashes.of(hashes), size);
    }

    /** The checkpoint note of {@code size} entries, signed by the key that signed entry {@code size - 1}. */
    public String checkpoint(long size) {
        return checkpoints.computeIfAbsent(size, s -> checkpoint(s, signers.apply((int) Math.max(0, s - 1))));
    }

    public String checkpoint(long size, AuditSigningKey signer) {
        Checkpoint checkpoint = new Checkpoint(ORIGIN, size, root(size),
                size == 0 ? List.of() : List.of("time " + entries.get((int) size - 1).time()));
        SignedNote note = checkpoint.sign(List.of(signer.ed25519NoteSigner(), signer.mlDsa65NoteSigner()));
        return new String(note.toBytes(), StandardCharsets.UTF_8);
    }

    public ConsistencyProof consistency(long fromSize, long toSize) {
        return new ConsistencyProof(fromSize, toSize, MerkleTree.consistencyProof(LeafHashes.of(hashes), fromSize, toSize));
    }

    public InclusionProof inclusion(long seq, long treeSize) {
        return new InclusionProof(seq, treeSize, MerkleTree.inclusionProof(LeafHashes.of(hashes), seq, treeSize));
    }

    /** The public keys of every key that signed an entry, in order of first use. */
    public List<AuditPublicKey> keys() {
        Map<String, AuditPublicKey> keys = new LinkedHashMap<>();
        for (int seq = 0; seq < size(); seq++) {
            AuditSigningKey key = signers.apply(seq);
            keys.putIfAbsent(key.keyId(), publicKey(key));
        }
        return List.copyOf(keys.values());
    }

    /**
     * A range bundle of entries {@code from..to} with checkpoints of the given sizes (oldest first), a consistency
     * proof between each consecutive pair, and, unless the entries are the whole latest tree, an inclusion proof
     * of {@code to} in the latest.
     */
    public AuditBundle range(long from, long to, long... checkpointSizes) {
        long latest = checkpointSizes[checkpointSizes.length - 1];
        List<InclusionProof> inclusion = from == 0 && to == latest - 1 || to >= latest
                ? List.of() : List.of(inclusion(to, latest));
        return new AuditBundle(ORIGIN, new BundleScope.Range(from, to), keys(),
                signed.subList((int) from, (int) to + 1), checkpoints(checkpointSizes),
                consistencyProofs(checkpointSizes), inclusion);
    }

    /** An incident bundle: the entries among the first {@code latest} that target {@code incidentId}. */
    public AuditBundle incident(String incidentId, long... checkpointSizes) {
        long latest = checkpointSizes[checkpointSizes.length - 1];
        List<SignedEntry> about = new ArrayList<>();
        List<InclusionProof> inclusion = new ArrayList<>();
        for (int seq = 0; seq < latest; seq++) {
            if (entries.get(seq).targets().stream().anyMatch(t -> t.id().equals(incidentId))) {
                about.add(signed.get(seq));
                inclusion.add(inclusion(seq, latest));
            }
        }
        return new AuditBundle(ORIGIN, new BundleScope.Incident(incidentId), keys(), about,
                checkpoints(checkpointSizes), consistencyProofs(checkpointSizes), inclusion);
    }

    public List<String> checkpoints(long... sizes) {
        List<String> notes = new ArrayList<>();
        for (long size : sizes) {
            notes.add(checkpoint(size));
        }
        return notes;
    }

    private List<ConsistencyProof> consistencyProofs(long... sizes) {
        List<ConsistencyProof> proofs = new ArrayList<>();
        for (int i = 1; i < sizes.length; i++) {
            proofs.add(consistency(sizes[i - 1], sizes[i]));
        }
        return proofs;
    }

    private static String commitment(int seq) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("change " + seq).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.evidencevault.audit;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bson.Document;
import org.evidencevault.common.Actor;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.crypto.AuditSigningKey;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.ledger.MerkleTree;
import org.evidencevault.access.AccessPolicy;
import org.evidencevault.access.Permission;
import org.springframework.stereotype.Service;

/** What auditors ask of the log: entries, checkpoints, proofs, verification and exports. */
@Service
public class AuditQueries {

    public static final int MAX_PAGE = 1000;
    /** Target ids in entries are 1 to 200 characters (docs/audit-format.md, "Entry"). */
    static final int MAX_TARGET_ID = 200;

    /** An entry as served: its canonical body, hash and signature. */
    public record EntryView(long seq, String entry, String hash, String signature, String keyId) {
    }

    /**
     * A checkpoint: size, root, the signed note with the witnesses' cosignature lines after the vault's own, and the
     * time-stamp tokens (base64 DER) of the TSAs, both only as far as they verify.
     */
    public record CheckpointView(long size, String root, String note, List<String> timestamps) {
    }

    public record ProofView(long seq, long fromSize, long treeSize, String leafHash, List<String> proof) {
    }

    public record KeyView(String keyId, String ed25519, String mlDsa65) {
    }

    private final AuditStore store;
    private final Checkpointer checkpointer;
    private final LeafHashCache leaves;
    private final AuditExport export;
    private final AuditVerification verification;
    private final Audited audited;
    private final AccessPolicy access;
    private final KeyRing keyRing;

    AuditQueries(AuditStore store, Checkpointer checkpointer, LeafHashCache leaves, AuditExport export,
                 AuditVerification verification, Audited audited, AccessPolicy access, KeyRing keyRing) {
        this.store = store;
        this.checkpointer = checkpointer;
        this.leaves = leaves;
        this.export = export;
        this.verification = verification;
        this.audited = audited;
        this.access = access;
        this.keyRing = keyRing;
    }

    public List<EntryView> entries(Actor actor, long from, long to) {
        access.require(actor, Permission.AUDIT_READ);
        checkRange(from, to, MAX_PAGE);
        List<EntryView> views = new ArrayList<>();
        store.forEachInRange(from, to, d -> views.add(view(d)));
        return views;
    }

    public CheckpointView latestCheckpoint(Actor actor) {
        access.require(actor, Permission.AUDIT_READ);
        return checkpointer.checkpointNow().map(c -> {
                    export.anchorNow(c.size()); // a checkpoint made now: witnessed before it is handed out
                    return view(c);
                })
                .orElseThrow(() -> new NotFoundException("checkpoint"));
    }

    /** The newest stored checkpoint that verifies, without making one (for a glance: a page shown to an auditor). */
    public java.util.Optional<CheckpointView> latestStoredCheckpoint(Actor actor) {
        access.require(actor, Permission.AUDIT_READ);
        return checkpointer.latest().map(this::view);
    }

    public CheckpointView checkpoint(Actor actor, long size) {
        access.require(actor, Permission.AUDIT_READ);
        return checkpointer.at(size).map(this::view)
                .orElseThrow(() -> new NotFoundException("checkpoint"));
    }

    public ProofView inclusionProof(Actor actor, long seq, long treeSize) {
        access.require(actor, Permission.AUDIT_READ);
        requireTree(treeSize);
        if (seq < 0 || seq >= treeSize) {
            throw new InvalidInputException("seq", "in-tree", "must be between 0 and treeSize - 1");
        }
        var hashes = leaves.upTo(treeSize);
        return new ProofView(seq, 0, treeSize, b64(hashes.leafHash(seq)), b64(MerkleTree.inclusionProof(hashes, seq, treeSize)));
    }

    public ProofView consistencyProof(Actor actor, long fromSize, long toSize) {
        access.require(actor, Permission.AUDIT_READ);
        requireTree(toSize);
        if (fromSize < 1 || fromSize > toSize) {
            throw new InvalidInputException("from", "range", "must be between 1 and to");
        }
        return new ProofView(-1, fromSize, toSize, null, b64(MerkleTree.consistencyProof(leaves.upTo(toSize), fromSize, toSize)));
    }

    public List<KeyView> keys(Actor actor) {
        access.require(actor, Permission.AUDIT_READ);
        List<KeyView> keys = new ArrayList<>();
        for (AuditSigningKey k : keyRing.signingKeys()) {
            keys.add(new KeyView(k.keyId(), Base64.getEncoder().encodeToString(k.ed25519PublicKey()),
                    Base64.getEncoder().encodeToString(k.mlDsa65PublicKey())));
        }
        return keys;
    }

    public AuditVerification.Result verify(Actor actor, long from, long to) {
        access.require(actor, Permission.AUDIT_READ);
        checkRange(from, to, Long.MAX_VALUE);
        return verification.verifyRange(from, to);
    }

    /** Writes a bundle of entries {@code from..to}; the export itself is recorded first. */
    public void exportRange(Actor actor, long from, long to, Long since, OutputStream out) {
        access.require(actor, Permission.AUDIT_READ);
        checkRange(from, to, Long.MAX_VALUE);
        checkSince(since);
        audited.record(actor, Action.AUDIT_EXPORT, List.of(new Target("audit-range", from + ".." + to)));
        export.range(from, to, since, out);
    }

    /** Writes a bundle of every entry about record {@code id} (e.g. an incident); recorded first. */
    public void exportFor(Actor actor, String id, Long since, OutputStream out) {
        access.require(actor, Permission.AUDIT_READ);
        new org.evidencevault.common.Checks()
                .requirePresent(id, "incident")
                .maxLength(id, MAX_TARGET_ID, "incident")
                .identifying(id, "incident")
                .throwIfAny();
        checkSince(since);
        audited.record(actor, Action.AUDIT_EXPORT, List.of(new Target("incident", id)));
        export.forTarget(id, since, out);
    }

    /** {@code since} names a tree size the auditor holds: 1 up to the log's size. */
    private void checkSince(Long since) {
        if (since != null && (since < 1 || since > store.size())) {
            throw new InvalidInputException("since", "in-log", "must be a tree size from 1 to the log size " + store.size());
        }
    }

    private void checkRange(long from, long to, long maxLength) {
        long size = store.size();
        if (from < 0 || to < from) {
            throw new InvalidInputException("from", "range", "must be 0 or more and not after 'to'");
        }
        if (to >= size) {
            throw new InvalidInputException("to", "in-log", "must be below the log size " + size);
        }
        if (to - from + 1 > maxLength) {
            throw new InvalidInputException("to", "max-range", "at most " + maxLength + " entries per request");
        }
    }

    private void requireTree(long treeSize) {
        if (checkpointer.at(treeSize).isEmpty() && treeSize != store.size()) {
            throw new InvalidInputException("treeSize", "checkpointed", "must be the size of a checkpoint or of the whole log");
        }
    }

    private static EntryView view(Document d) {
        return new EntryView(d.get("_id", Number.class).longValue(), d.getString("body"), d.getString("hash"),
                d.getString("sig"), d.getString("keyId"));
    }

    private CheckpointView view(CheckpointStore.Stored c) {
        return new CheckpointView(c.size(), b64(c.root()), export.cosigned(c),
                export.timestamps(c).stream().map(AuditQueries::b64).toList());
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static List<String> b64(List<byte[]> list) {
        return list.stream().map(AuditQueries::b64).toList();
    }
}

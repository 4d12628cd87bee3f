package org.evidencevault.audit;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bson.Document;
import org.evidencevault.crypto.AuditSigningKey;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.ledger.MerkleTree;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes audit bundles (docs/audit-format.md, "Bundle"): entries with their signatures, the public keys,
 * checkpoints, and the proofs that tie the entries to the latest checkpoint. Streams, so a bundle of a
 * long range never sits in memory as one tree. Carries no plaintext of sensitive fields: entries hold
 * only ids, actions and commitments.
 */
@Component
class AuditExport {

    static final String FORMAT = "evidence-vault-audit-bundle/1";

    private final AuditStore store;
    private final Checkpointer checkpointer;
    private final LeafHashCache leaves;
    private final KeyRing keyRing;
    private final AuditProperties props;
    private final JsonMapper json = JsonMapper.builder().build();

    private final org.springframework.beans.factory.ObjectProvider<CheckpointAnchors> anchors;

    AuditExport(AuditStore store, Checkpointer checkpointer, LeafHashCache leaves, KeyRing keyRing, AuditProperties props,
                org.springframework.beans.factory.ObjectProvider<CheckpointAnchors> anchors) {
        this.anchors = anchors;
        this.store = store;
        this.checkpointer = checkpointer;
        this.leaves = leaves;
        this.keyRing = keyRing;
        this.props = props;
    }

    /** Entries {@code from..to}; {@code since} (optional) adds a consistency proof from that tree size. */
    void range(long from, long to, Long since, OutputStream out) {
        CheckpointStore.Stored latest = latestCovering(to);
        List<CheckpointStore.Stored> checkpoints = checkpointsFor(to, latest);
        List<Stamp> stamps = stamps(checkpoints);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            header(g, stamps);
            g.writeName("scope");
            g.writeStartObject();
            g.writeStringProperty("kind", "range");
            g.writeNumberProperty("from", from);
            g.writeNumberProperty("to", to);
            g.writeEndObject();
            keys(g);
            g.writeName("entries");
            g.writeStartArray();
            store.forEachInRange(from, to, d -> entry(g, d));
            g.writeEndArray();
            checkpoints(g, checkpoints);
            consistency(g, checkpoints, since, latest);
            g.writeName("inclusionProofs");
            g.writeStartArray();
            if (!(from == 0 && to == latest.size() - 1)) {
                inclusion(g, to, latest.size());
            }
            g.writeEndArray();
            timestamps(g, stamps);
            g.writeEndObject();
        }
    }

    /** Every entry that names {@code id} as a target, each with an inclusion proof in the latest tree. */
    void forTarget(String id, Long since, OutputStream out) {
        forTarget(id, since, out, latestCovering(store.size() - 1));
    }

    /** As {@link #forTarget(String, Long, OutputStream)}, proven in the tree of the stored checkpoint of {@code size}. */
    void forTargetAt(String id, long size, OutputStream out) {
        forTarget(id, null, out, checkpointer.at(size).orElseThrow(() -> new IllegalStateException("no checkpoint of size " + size)));
    }

    /** The checkpoint of every entry so far, cosigned and time-stamped now; its size. */
    long anchoredNow() {
        CheckpointStore.Stored c = latestCovering(store.size() - 1); // submitted to the witnesses
        anchors().stampNow(c.size());
        return c.size();
    }

    private void forTarget(String id, Long since, OutputStream out, CheckpointStore.Stored latest) {
        // The key rotations come along, so an auditor who pinned the first key can trust the later ones.
        java.util.TreeSet<Long> all = new java.util.TreeSet<>(store.seqsTargeting(id));
        all.addAll(store.seqsOfAction(org.evidencevault.ledger.KeyRotation.ACTION));
        List<Long> seqs = all.stream().filter(s -> s < latest.size()).toList();
        List<Stamp> stamps = stamps(List.of(latest));
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            header(g, stamps);
            g.writeName("scope");
            g.writeStartObject();
            g.writeStringProperty("kind", "incident");
            g.writeStringProperty("incidentId", id);
            g.writeEndObject();
            keys(g);
            g.writeName("entries");
            g.writeStartArray();
            for (long seq : seqs) {
                entry(g, store.bySeq(seq));
            }
            g.writeEndArray();
            checkpoints(g, List.of(latest));
            consistency(g, List.of(latest), since, latest);
            g.writeName("inclusionProofs");
            g.writeStartArray();
            for (long seq : seqs) {
                inclusion(g, seq, latest.size());
            }
            g.writeEndArray();
            timestamps(g, stamps);
            g.writeEndObject();
        }
    }

    private CheckpointStore.Stored latestCovering(long to) {
        CheckpointStore.Stored latest = checkpointer.checkpointNow()
                .orElseThrow(() -> new IllegalStateException("the audit log is empty"));
        if (to >= latest.size()) {
            throw new IllegalArgumentException("seq " + to + " is beyond the log (size " + latest.size() + ")");
        }
        anchors().anchorNow(latest.size()); // a checkpoint made now: the witnesses see it before the auditor does
        return latest;
    }

    void anchorNow(long size) {
        anchors().anchorNow(size);
    }

    private CheckpointAnchors anchors() {
        return anchors.getIfAvailable(() -> CheckpointAnchors.NONE);
    }

    /** A time-stamp token of one of the bundle's checkpoints. */
    private record Stamp(long size, byte[] token) {
    }

    private List<Stamp> stamps(List<CheckpointStore.Stored> checkpoints) {
        List<Stamp> stamps = new ArrayList<>();
        for (CheckpointStore.Stored c : checkpoints) {
            anchors().timestamps(c.size(), c.note()).forEach(t -> stamps.add(new Stamp(c.size(), t)));
        }
        return stamps;
    }

    /** The {@code timestamps} member of a format 2 bundle; nothing for format 1. */
    private static void timestamps(JsonGenerator g, List<Stamp> stamps) {
        if (stamps.isEmpty()) {
            return;
        }
        g.writeName("timestamps");
        g.writeStartArray();
        for (Stamp s : stamps) {
            g.writeStartObject();
            g.writeNumberProperty("size", s.size());
            g.writeStringProperty("token", Base64.getEncoder().encodeToString(s.token()));
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /**
     * The first checkpoint covering {@code to} (if older than the latest), the newest time-stamped one covering it (if
     * older than the latest: the latest, made now, has no token yet, and a TSA is asked at most once a minute), and the
     * latest; oldest first, each once.
     */
    private List<CheckpointStore.Stored> checkpointsFor(long to, CheckpointStore.Stored latest) {
        java.util.TreeMap<Long, CheckpointStore.Stored> bySize = new java.util.TreeMap<>();
        checkpointer.firstBetween(to + 1, latest.size() - 1).ifPresent(c -> bySize.put(c.size(), c));
        long stamped = anchors().newestStamped();
        if (stamped > to && stamped < latest.size()) {
            checkpointer.at(stamped).ifPresent(c -> bySize.put(c.size(), c));
        }
        bySize.put(latest.size(), latest);
        return new ArrayList<>(bySize.values());
    }

    private void header(JsonGenerator g, List<Stamp> stamps) {
        g.writeStringProperty("format", stamps.isEmpty() ? FORMAT : org.evidencevault.ledger.AuditBundle.FORMAT_2);
        g.writeStringProperty("origin", props.origin());
    }

    private void keys(JsonGenerator g) {
        g.writeName("keys");
        g.writeStartArray();
        for (AuditSigningKey k : keyRing.signingKeys()) {
            g.writeStartObject();
            g.writeStringProperty("keyId", k.keyId());
            g.writeStringProperty("ed25519", Base64.getEncoder().encodeToString(k.ed25519PublicKey()));
            g.writeStringProperty("mlDsa65", Base64.getEncoder().encodeToString(k.mlDsa65PublicKey()));
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void entry(JsonGenerator g, Document d) {
        g.writeStartObject();
        g.writeStringProperty("entry", d.getString("body"));
        g.writeStringProperty("signature", d.getString("sig"));
        g.writeEndObject();
    }

    private void checkpoints(JsonGenerator g, List<CheckpointStore.Stored> checkpoints) {
        g.writeName("checkpoints");
        g.writeStartArray();
        checkpoints.forEach(c -> g.writeString(cosigned(c)));
        g.writeEndArray();
    }

    /** The verified time-stamp tokens of a checkpoint. */
    List<byte[]> timestamps(CheckpointStore.Stored c) {
        return anchors().timestamps(c.size(), c.note());
    }

    /** The checkpoint's note with the witnesses' cosignature lines after the vault's own. */
    String cosigned(CheckpointStore.Stored c) {
        List<org.evidencevault.ledger.NoteSignature> lines = anchors().cosignatures(c.size(), c.note());
        if (lines.isEmpty()) {
            return c.note();
        }
        try {
            org.evidencevault.ledger.SignedNote note = org.evidencevault.ledger.SignedNote.parse(
                    c.note().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new String(note.withSignatures(lines).toBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (org.evidencevault.ledger.MalformedNoteException | IllegalArgumentException e) {
            return c.note(); // a stored checkpoint verified before it got here; never worse than without cosignatures
        }
    }

    private void consistency(JsonGenerator g, List<CheckpointStore.Stored> checkpoints, Long since, CheckpointStore.Stored latest) {
        g.writeName("consistencyProofs");
        g.writeStartArray();
        for (int i = 1; i < checkpoints.size(); i++) {
            proof(g, checkpoints.get(i - 1).size(), checkpoints.get(i).size());
        }
        if (since != null && since > 0 && since < latest.size()
                && checkpoints.stream().noneMatch(c -> c.size() == since)) {
            proof(g, since, latest.size());
        }
        g.writeEndArray();
    }

    private void proof(JsonGenerator g, long fromSize, long toSize) {
        g.writeStartObject();
        g.writeNumberProperty("fromSize", fromSize);
        g.writeNumberProperty("toSize", toSize);
        hashes(g, MerkleTree.consistencyProof(leaves.upTo(toSize), fromSize, toSize));
        g.writeEndObject();
    }

    private void inclusion(JsonGenerator g, long seq, long treeSize) {
        g.writeStartObject();
        g.writeNumberProperty("seq", seq);
        g.writeNumberProperty("treeSize", treeSize);
        hashes(g, MerkleTree.inclusionProof(leaves.upTo(treeSize), seq, treeSize));
        g.writeEndObject();
    }

    private static void hashes(JsonGenerator g, List<byte[]> proof) {
        g.writeName("proof");
        g.writeStartArray();
        proof.forEach(h -> g.writeString(Base64.getEncoder().encodeToString(h)));
        g.writeEndArray();
    }
}

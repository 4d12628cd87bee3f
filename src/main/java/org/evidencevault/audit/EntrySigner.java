package org.evidencevault.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bson.Document;
import org.evidencevault.crypto.AuditSigningKey;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.ledger.AuditEntry;

/** Turns drafts into chained, signed entry documents continuing from a tail. Pure: no I/O. */
final class EntrySigner {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final KeyRing keyRing;

    EntrySigner(KeyRing keyRing) {
        this.keyRing = keyRing;
    }

    /** A chained copy of the drafts; returns the documents and moves {@code tail} forward in {@code out}. */
    List<Document> chain(List<EntryDraft> drafts, AuditStore.Tail tail, Instant now) {
        List<Document> docs = new java.util.ArrayList<>(drafts.size());
        long seq = tail.seq();
        String prev = tail.hash();
        String time = later(format(now), tail.time());
        for (EntryDraft d : drafts) {
            seq++;
            AuditSigningKey key = key(d.signWith());
            AuditEntry entry = new AuditEntry(seq, time, d.actor().username(), d.actor().primaryRole().name(),
                    d.action().kind().name(), d.action().recordedAs(), d.targets(), d.commitment(), prev, key.keyId());
            byte[] canonical = entry.canonicalBytes();
            byte[] hash = org.evidencevault.ledger.MerkleTree.leafHash(canonical);
            String hashHex = HexFormat.of().formatHex(hash);
            Document doc = new Document("_id", seq)
                    .append("body", new String(canonical, java.nio.charset.StandardCharsets.UTF_8))
                    .append("hash", hashHex)
                    .append("sig", Base64.getEncoder().encodeToString(key.signEntry(AuditEntry.signedMessage(hash))))
                    .append("keyId", key.keyId())
                    .append("prev", prev)
                    .append("claim", d.claim())
                    .append("time", Date.from(now))
                    .append("kind", d.action().kind().name())
                    .append("action", d.action().recordedAs())
                    .append("targetIds", d.targets().stream().map(AuditEntry.Target::id).distinct().toList());
            if (d.payload() != null) {
                doc.append("payload", d.payload());
            }
            docs.add(doc);
            prev = hashHex;
        }
        return docs;
    }

    AuditSigningKey key(String keyId) {
        if (keyId == null) {
            return keyRing.activeSigningKey();
        }
        return keyRing.signingKeys().stream().filter(k -> k.keyId().equals(keyId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the key ring lacks audit signing key " + keyId));
    }

    static String format(Instant t) {
        return TIME.format(t);
    }

    /** Entry times never go backwards along the chain, even across instances with skewed clocks. */
    private static String later(String now, String tailTime) {
        return tailTime != null && tailTime.compareTo(now) > 0 ? tailTime : now;
    }
}

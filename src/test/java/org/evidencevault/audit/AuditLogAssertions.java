package org.evidencevault.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.evidencevault.crypto.AuditSigningKey;
import org.evidencevault.crypto.Ed25519Keys;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.ledger.AuditEntry;

/**
 * Independent checks of the audit log as stored, recomputed from the raw {@code audit_log} documents
 * (not through the production verifier), and of the stored state against the recorded changes.
 */
final class AuditLogAssertions {

    /** Record collections whose every version must be claimed by exactly one CHANGE entry, and their target type. */
    static final Map<String, String> RECORD_TYPES = Map.of(
            "incidents", "incident", "defenders", "defender", "organisations", "organisation",
            "communications", "communication", "accounts", "account", "api_tokens", "api-token", "sessions", "session",
            "passkeys", "passkey", "passkey_users", "passkey-user");

    /** One stored entry: the parsed signed body and the raw document (with its payload, if any). */
    record Stored(AuditEntry entry, Document doc) {
        long seq() {
            return entry.seq();
        }

        String claim() {
            return doc.getString("claim");
        }

        Document payload() {
            return doc.get("payload", Document.class);
        }
    }

    private AuditLogAssertions() {
    }

    /** Every entry, in seq order, with its payload. */
    static List<Stored> entries(MongoDatabase db) {
        return entries(db, 0);
    }

    /** Entries from seq {@code from} on, in seq order, with their payloads. */
    static List<Stored> entries(MongoDatabase db, long from) {
        List<Stored> out = new ArrayList<>();
        db.getCollection("audit_log").find(Filters.gte("_id", from)).sort(Sorts.ascending("_id")).forEach(d -> out.add(
                new Stored(AuditEntry.parse(d.getString("body").getBytes(StandardCharsets.UTF_8)), d)));
        return out;
    }

    /**
     * The whole log is one intact chain: seqs 0..N-1 without gaps, each body canonical with its seq equal
     * to {@code _id}, each stored hash equal to the leaf hash recomputed from the body, each {@code prev}
     * equal to the previous entry's hash (64 zeros first), no two entries with the same prev or claim,
     * times non-decreasing, and each signature valid under the key ring's active key.
     */
    static List<Stored> verifiedChain(MongoDatabase db, KeyRing keyRing) {
        return verifiedChainFrom(db, keyRing, 0);
    }

    /** As {@link #verifiedChain}, for the entries from {@code from} on (linked to entry {@code from - 1}). */
    static List<Stored> verifiedChainFrom(MongoDatabase db, KeyRing keyRing, long from) {
        List<Stored> all = entries(db, from);
        AuditSigningKey active = keyRing.activeSigningKey();
        byte[] publicKey = active.ed25519PublicKey();
        String prev = AuditEntry.GENESIS_PREV;
        String lastTime = "";
        if (from > 0) {
            Document before = db.getCollection("audit_log").find(Filters.eq("_id", from - 1)).first();
            assertThat(before).as("entry %d exists", from - 1).isNotNull();
            prev = before.getString("hash");
            lastTime = AuditEntry.parse(before.getString("body").getBytes(StandardCharsets.UTF_8)).time();
        }
        Set<String> prevs = new HashSet<>();
        Set<String> claims = new HashSet<>();
        for (int n = 0; n < all.size(); n++) {
            long i = from + n;
            Stored s = all.get(n);
            Document d = s.doc();
            AuditEntry e = s.entry();
            assertThat(d.get("_id", Number.class).longValue()).as("_id of entry %d (no gap)", i).isEqualTo(i);
            assertThat(e.seq()).as("body seq of entry %d", i).isEqualTo(i);
            byte[] hash = e.hash();
            assertThat(d.getString("hash")).as("stored hash of entry %d is the leaf hash of its body", i)
                    .isEqualTo(HexFormat.of().formatHex(hash));
            assertThat(e.prev()).as("prev of entry %d", i).isEqualTo(prev);
            assertThat(d.getString("prev")).as("indexed prev of entry %d", i).isEqualTo(prev);
            assertThat(prevs.add(prev)).as("entry %d forks the chain (prev already used)", i).isTrue();
            assertThat(claims.add(d.getString("claim"))).as("claim %s of entry %d is unique", d.getString("claim"), i).isTrue();
            assertThat(e.time().compareTo(lastTime)).as("time of entry %d does not go backwards", i).isGreaterThanOrEqualTo(0);
            assertThat(e.keyId()).as("key of entry %d", i).isEqualTo(active.keyId());
            assertThat(d.getString("keyId")).isEqualTo(active.keyId());
            assertThat(Ed25519Keys.verify(publicKey, AuditEntry.signedMessage(hash), Base64.getDecoder().decode(d.getString("sig"))))
                    .as("signature of entry %d", i).isTrue();
            assertThat(d.getString("kind")).isEqualTo(e.kind());
            assertThat(d.getString("action")).isEqualTo(e.action());
            prev = d.getString("hash");
            lastTime = e.time();
        }
        return all;
    }

    /**
     * The stored state agrees with the log, both ways:
     * <ul>
     * <li>every CHANGE entry carries its change, its commitment is {@code Commitments.of(payload)}, its claim
     *     is {@code <type>/<id>@<version>} of its one target, and its change is applied (stored version at
     *     least the entry's; where equal, the stored document is exactly the recorded one; shredded keys are
     *     destroyed);</li>
     * <li>every version 1..v of every stored record was claimed by exactly one CHANGE entry (no change
     *     without its entry; claims are unique, so "exactly one").</li>
     * </ul>
     * Returns the CHANGE entries by claim.
     */
    static Map<String, Stored> stateMatchesLog(MongoDatabase db, List<Stored> entries) {
        Map<String, Stored> changes = changesApplied(db, entries);
        everyStoredVersionClaimed(db, changes, RECORD_TYPES);
        return changes;
    }

    /** The first half of {@link #stateMatchesLog}: every CHANGE entry among {@code entries} is applied. */
    static Map<String, Stored> changesApplied(MongoDatabase db, List<Stored> entries) {
        Map<String, Stored> changes = new HashMap<>();
        for (Stored s : entries) {
            if (!s.entry().kind().equals("CHANGE")) {
                assertThat(s.payload()).as("a %s entry carries no change", s.entry().kind()).isNull();
                assertThat(s.entry().commitment()).isNull();
                continue;
            }
            Document payload = s.payload();
            assertThat(payload).as("CHANGE entry %d carries its change", s.seq()).isNotNull();
            assertThat(s.entry().commitment()).as("commitment of entry %d", s.seq()).isEqualTo(Commitments.of(payload));
            assertThat(s.entry().targets()).hasSize(1);
            AuditEntry.Target t = s.entry().targets().get(0);
            assertThat(s.claim()).isEqualTo(t.type() + "/" + t.id() + "@" + t.version());
            assertThat(changes.put(s.claim(), s)).as("one CHANGE entry per claim").isNull();
            for (StateChange.Op op : StateChange.opsOf(payload)) {
                if (op instanceof StateChange.Put put) {
                    assertThat(put.id()).isEqualTo(t.id());
                    assertThat(put.version()).isEqualTo(t.version());
                    Document stored = db.getCollection(put.collection()).find(Filters.eq("_id", put.id())).first();
                    assertThat(stored).as("%s (seq %d) is applied: the record exists", s.claim(), s.seq()).isNotNull();
                    long version = stored.get("version", Number.class).longValue();
                    assertThat(version).as("%s (seq %d) is applied", s.claim(), s.seq()).isGreaterThanOrEqualTo(put.version());
                    if (version == put.version()) {
                        assertThat(stored).as("%s (seq %d): the stored document is the recorded one", s.claim(), s.seq())
                                .isEqualTo(put.document());
                    }
                } else if (op instanceof StateChange.Shred shred) {
                    String key = shred.dataKeyId();
                    Document dek = db.getCollection("data_keys").find(Filters.eq("_id", key)).first();
                    assertThat(dek).isNotNull();
                    assertThat(dek).as("%s (seq %d): data key destroyed", s.claim(), s.seq())
                            .containsKey("destroyedAt").doesNotContainKey("wrapped");
                }
            }
        }
        return changes;
    }

    /** The CHANGE entries among {@code entries}, by claim (whether applied or not). */
    static Map<String, Stored> changesByClaim(List<Stored> entries) {
        Map<String, Stored> changes = new HashMap<>();
        entries.stream().filter(s -> s.entry().kind().equals("CHANGE")).forEach(s -> changes.put(s.claim(), s));
        return changes;
    }

    /** The second half of {@link #stateMatchesLog}: each version of each stored record has its CHANGE entry. */
    static void everyStoredVersionClaimed(MongoDatabase db, Map<String, Stored> changes, Map<String, String> collectionTypes) {
        collectionTypes.forEach((collection, type) -> db.getCollection(collection).find().forEach(d -> {
            versionsClaimed(changes, type, d.getString("_id"), d.get("version", Number.class).longValue());
        }));
    }

    /** Versions 1..{@code version} of {@code type/id} each have their CHANGE entry. */
    static void versionsClaimed(Map<String, Stored> changes, String type, String id, long version) {
        for (long v = 1; v <= version; v++) {
            assertThat(changes.containsKey(type + "/" + id + "@" + v))
                    .as("stored %s/%s is at version %d: version %d has its CHANGE entry", type, id, version, v).isTrue();
        }
    }
}

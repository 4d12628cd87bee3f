package org.evidencevault.crypto;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * Per-record data keys (DEKs), stored wrapped (AES-256-GCM) under the active key-encryption key.
 * Each stored DEK names the KEK id and version that wrap it, so a KEK rotation re-wraps DEKs and never
 * re-encrypts records. Destroying a DEK removes its wrapped material for good: whatever it sealed can
 * no longer be opened by anyone (crypto-shredding).
 *
 * <p>Unwrapped DEKs are cached for {@link #CACHE_TTL} per process; a DEK destroyed on another instance
 * stops opening there at the latest after that delay, and erased records also lose their ciphertext.
 */
public final class DataKeys {

    static final Duration CACHE_TTL = Duration.ofSeconds(30);
    private static final int CACHE_MAX = 10_000;

    private final MongoCollection<Document> keys;
    private final KeyRing keyRing;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(SecretBytes key, Instant until) {
    }

    /**
     * A fresh data key, wrapped but not stored yet: {@code stored} is the document that the change
     * creating its record stores (applied after the change's audit entry, like the record itself).
     */
    public record NewDataKey(String id, Document stored) {
    }

    public DataKeys(MongoCollection<Document> keys, KeyRing keyRing, Clock clock) {
        this.keys = keys;
        this.keyRing = keyRing;
        this.clock = clock;
    }

    /**
     * Makes a fresh DEK for {@code owner} (e.g. "defenders/0f3..."), wrapped under the active KEK, and
     * keeps it in memory so the new record can be sealed with it; nothing is written. The caller puts
     * {@link NewDataKey#stored()} into the change that creates the record ({@link #store}), so the key
     * exists in the store only once the change is recorded: an append that fails leaves no orphan key.
     */
    public NewDataKey prepare(String owner) {
        String id = "dk_" + HexFormat.of().formatHex(AesGcm.randomBytes(16));
        byte[] dek = AesGcm.randomBytes(AesGcm.KEY_BYTES);
        KeyRing.VersionedKey kek = keyRing.activeKek();
        byte[] nonce = AesGcm.randomBytes(AesGcm.NONCE_BYTES);
        byte[] wrapped = AesGcm.encrypt(kek.material().reveal(), nonce, dek, wrapAad(id, kek));
        Document stored = new Document("_id", id)
                .append("owner", owner)
                .append("kekId", kek.id())
                .append("kekVersion", kek.version())
                .append("nonce", new Binary(nonce))
                .append("wrapped", new Binary(wrapped))
                .append("createdAt", Date.from(clock.instant()));
        remember(id, SecretBytes.copyOf(dek));
        java.util.Arrays.fill(dek, (byte) 0);
        return new NewDataKey(id, stored);
    }

    /**
     * Stores a prepared key (applying a recorded change). Idempotent: true if it was stored now, false if
     * exactly this key was already there.
     *
     * @throws CryptoFailureException if a different key is stored under this id
     */
    public boolean store(Document stored) {
        try {
            keys.insertOne(stored);
            return true;
        } catch (com.mongodb.MongoWriteException e) {
            if (e.getError().getCategory() != com.mongodb.ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            Document existing = keys.find(Filters.eq("_id", stored.get("_id"))).first();
            if (existing != null && (existing.equals(stored) || sameKeyLaterState(existing, stored))) {
                return false;
            }
            throw new CryptoFailureException("data key " + stored.get("_id") + " is already stored with other content");
        }
    }

    /** The stored key was created from {@code prepared} and since destroyed or re-wrapped. */
    private static boolean sameKeyLaterState(Document existing, Document prepared) {
        return java.util.Objects.equals(existing.get("owner"), prepared.get("owner"))
                && java.util.Objects.equals(existing.get("createdAt"), prepared.get("createdAt"))
                && (existing.get("destroyedAt") != null
                || !java.util.Objects.equals(existing.get("kekVersion"), prepared.get("kekVersion"))
                || !java.util.Objects.equals(existing.get("kekId"), prepared.get("kekId")));
    }

    /**
     * Whether data key {@code id} exists and unwraps under the key ring (its wrapping authenticates, bound to its id), or
     * was destroyed by the vault (an erasure: not a fault of the key). False for a key deleted, replaced or corrupted
     * behind the vault's back. Cached like {@link #unwrap}.
     */
    public boolean opens(String id) {
        try {
            java.util.Arrays.fill(unwrap(id), (byte) 0);
            return true;
        } catch (DataKeyDestroyedException e) {
            return true;
        } catch (CryptoFailureException e) {
            return false;
        }
    }

    /** The DEK's material; a copy, never the cached array. */
    byte[] unwrap(String id) {
        Cached c = cache.get(id);
        if (c != null && c.until().isAfter(clock.instant())) {
            return c.key().reveal();
        }
        Document d = keys.find(Filters.eq("_id", id)).first();
        if (d == null) {
            throw new CryptoFailureException("data key " + id + " does not exist");
        }
        if (d.get("destroyedAt") != null) {
            cache.remove(id);
            throw new DataKeyDestroyedException(id, d.getDate("destroyedAt").toInstant());
        }
        KeyRing.VersionedKey kek = keyRing.kek(d.getString("kekId"), d.getInteger("kekVersion", 0))
                .orElseThrow(() -> new CryptoFailureException("data key " + id + " is wrapped by "
                        + d.getString("kekId") + " v" + d.getInteger("kekVersion", 0) + ", which this key ring lacks"));
        byte[] dek = AesGcm.decrypt(kek.material().reveal(), d.get("nonce", Binary.class).getData(),
                d.get("wrapped", Binary.class).getData(), wrapAad(id, kek));
        remember(id, SecretBytes.copyOf(dek));
        return dek;
    }

    /** Destroys the DEK: its wrapped material is removed and it can never be unwrapped again. */
    public Instant destroy(String id) {
        Instant now = clock.instant();
        keys.updateOne(Filters.and(Filters.eq("_id", id), Filters.exists("destroyedAt", false)),
                Updates.combine(Updates.unset("wrapped"), Updates.unset("nonce"),
                        Updates.set("destroyedAt", Date.from(now))));
        cache.remove(id);
        Document d = keys.find(Filters.eq("_id", id)).first();
        if (d == null || d.get("wrapped") != null || d.get("destroyedAt") == null) {
            throw new CryptoFailureException("data key " + id + " could not be destroyed");
        }
        return d.getDate("destroyedAt").toInstant();
    }

    /** Re-wraps every live DEK not yet under the active KEK version. Returns how many moved. */
    public int rewrapAll() {
        KeyRing.VersionedKey active = keyRing.activeKek();
        int moved = 0;
        for (Document d : keys.find(Filters.and(Filters.exists("destroyedAt", false),
                Filters.or(Filters.ne("kekId", active.id()), Filters.ne("kekVersion", active.version()))))) {
            String id = d.getString("_id");
            byte[] dek = unwrap(id);
            byte[] nonce = AesGcm.randomBytes(AesGcm.NONCE_BYTES);
            byte[] wrapped = AesGcm.encrypt(active.material().reveal(), nonce, dek, wrapAad(id, active));
            var result = keys.updateOne(Filters.and(Filters.eq("_id", id),
                            Filters.eq("kekId", d.getString("kekId")), Filters.eq("kekVersion", d.getInteger("kekVersion")),
                            Filters.exists("destroyedAt", false)),
                    Updates.combine(Updates.set("kekId", active.id()), Updates.set("kekVersion", active.version()),
                            Updates.set("nonce", new Binary(nonce)), Updates.set("wrapped", new Binary(wrapped))));
            moved += (int) result.getModifiedCount();
        }
        return moved;
    }

    /** How many live DEKs each KEK version wraps, for health and rotation progress. */
    public Map<String, Long> countByKekVersion() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (Document d : keys.find(Filters.exists("destroyedAt", false))
                .projection(new Document("kekId", 1).append("kekVersion", 1))) {
            counts.merge(d.getString("kekId") + "/v" + d.getInteger("kekVersion"), 1L, Long::sum);
        }
        return counts;
    }

    private void remember(String id, SecretBytes dek) {
        if (cache.size() >= CACHE_MAX) {
            cache.clear();
        }
        cache.put(id, new Cached(dek, clock.instant().plus(CACHE_TTL)));
    }

    /** The associated data of a wrapped DEK: it cannot be moved to another id or passed off as another KEK's. */
    static byte[] wrapAad(String dekId, KeyRing.VersionedKey kek) {
        return ("ev1-dek\u0000" + dekId + "\u0000" + kek.id() + "\u0000" + kek.version()).getBytes(StandardCharsets.UTF_8);
    }
}

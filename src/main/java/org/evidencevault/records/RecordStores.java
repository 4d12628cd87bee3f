package org.evidencevault.records;

import com.mongodb.client.MongoDatabase;
import org.evidencevault.audit.RecordSeals;
import org.evidencevault.crypto.DataKeys;
import org.evidencevault.crypto.Sealer;
import org.springframework.stereotype.Component;

/** Hands each record type its {@link SealedRecords}. */
@Component
public class RecordStores {

    private final MongoDatabase db;
    private final Sealer sealer;
    private final DataKeys dataKeys;
    private final RecordSeals seals;
    private final java.util.Map<String, SealedRecords> kinds = new java.util.concurrent.ConcurrentHashMap<>();

    RecordStores(MongoDatabase db, Sealer sealer, DataKeys dataKeys, RecordSeals seals) {
        this.db = db;
        this.sealer = sealer;
        this.dataKeys = dataKeys;
        this.seals = seals;
    }

    public SealedRecords of(RecordKind kind) {
        SealedRecords records = new SealedRecords(db, kind, sealer, dataKeys, seals);
        kinds.put(kind.collection(), records);
        return records;
    }

    /** The records of one type ({@code incident}, {@code account}...), or null if no such kind is stored. */
    public SealedRecords byType(String type) {
        return kinds.values().stream().filter(r -> r.kind().type().equals(type)).findFirst().orElse(null);
    }

    /** Every kind of record the vault stores, by collection (for the integrity sweep). */
    public java.util.Map<String, SealedRecords> all() {
        return new java.util.TreeMap<>(kinds);
    }
}

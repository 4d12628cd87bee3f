package org.evidencevault.records;

import com.mongodb.client.MongoDatabase;
import org.evidencevault.crypto.DataKeys;
import org.evidencevault.crypto.Sealer;
import org.springframework.stereotype.Component;

/** Hands each record type its {@link SealedRecords}. */
@Component
public class RecordStores {

    private final MongoDatabase db;
    private final Sealer sealer;
    private final DataKeys dataKeys;

    RecordStores(MongoDatabase db, Sealer sealer, DataKeys dataKeys) {
        this.db = db;
        this.sealer = sealer;
        this.dataKeys = dataKeys;
    }

    public SealedRecords of(RecordKind kind) {
        return new SealedRecords(db, kind, sealer, dataKeys);
    }
}

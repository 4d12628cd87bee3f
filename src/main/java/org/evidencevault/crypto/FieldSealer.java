package org.evidencevault.crypto;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bson.Document;

/**
 * Seals a record's sensitive fields, each under the record's data key with associated data (collection,
 * record id, field), and opens them again, only against a {@link DecryptionProof} of an audited read.
 * The sealed-record toolkit ({@code records.SealedRecords}) is its only caller.
 */
public final class FieldSealer {

    private final Sealer sealer;
    private final String collection;

    public FieldSealer(Sealer sealer, String collection) {
        this.sealer = sealer;
        this.collection = collection;
    }

    /** Seals the non-null values into {@code {field: envelope}}. */
    public Document seal(String dataKeyId, String recordId, Map<String, String> values) {
        Document sealed = new Document();
        values.forEach((field, value) -> {
            if (value != null) {
                sealed.append(field, Sealer.toDocument(sealer.sealString(dataKeyId, new Aad(collection, recordId, field), value)));
            }
        });
        return sealed;
    }

    /** Opens every sealed field; fails if the proof has expired or any envelope does not authenticate. */
    public Map<String, String> open(Document sealed, String recordId, DecryptionProof proof) {
        proof.requireActive();
        Map<String, String> values = new LinkedHashMap<>();
        if (sealed != null) {
            for (String field : sealed.keySet()) {
                values.put(field, sealer.openString(Sealer.fromDocument(sealed.get(field, Document.class)),
                        new Aad(collection, recordId, field)));
            }
        }
        return values;
    }
}

package org.evidencevault.incidents;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bson.Document;
import org.evidencevault.audit.AuditedRead;
import org.evidencevault.crypto.Aad;
import org.evidencevault.crypto.Sealer;

/**
 * Seals a record's sensitive fields, each under the record's data key with associated data
 * (collection, record id, field), and opens them again inside an audited read.
 */
final class SealedFields {

    private final Sealer sealer;
    private final String collection;

    SealedFields(Sealer sealer, String collection) {
        this.sealer = sealer;
        this.collection = collection;
    }

    /** Seals the non-null values into {@code {field: envelope}}. */
    Document seal(String dataKeyId, String recordId, Map<String, String> values) {
        Document sealed = new Document();
        values.forEach((field, value) -> {
            if (value != null) {
                sealed.append(field, Sealer.toDocument(sealer.sealString(dataKeyId, new Aad(collection, recordId, field), value)));
            }
        });
        return sealed;
    }

    /** Opens every sealed field; fails (and the read stops) if any envelope does not authenticate. */
    Map<String, String> open(Document sealed, String recordId, AuditedRead read) {
        read.check();
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

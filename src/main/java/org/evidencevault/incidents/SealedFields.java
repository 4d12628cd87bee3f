package org.evidencevault.incidents;

import java.util.Map;
import org.bson.Document;
import org.evidencevault.audit.AuditedRead;
import org.evidencevault.crypto.FieldSealer;
import org.evidencevault.crypto.Sealer;

/**
 * Seals a record's sensitive fields, each under the record's data key with associated data
 * (collection, record id, field), and opens them again inside an audited read.
 */
final class SealedFields {

    private final FieldSealer fields;

    SealedFields(Sealer sealer, String collection) {
        this.fields = new FieldSealer(sealer, collection);
    }

    /** Seals the non-null values into {@code {field: envelope}}. */
    Document seal(String dataKeyId, String recordId, Map<String, String> values) {
        return fields.seal(dataKeyId, recordId, values);
    }

    /** Opens every sealed field; fails (and the read stops) if any envelope does not authenticate. */
    Map<String, String> open(Document sealed, String recordId, AuditedRead read) {
        read.check();
        return fields.open(sealed, recordId);
    }
}

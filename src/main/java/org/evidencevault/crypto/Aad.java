package org.evidencevault.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Associated data that binds a ciphertext to where it lives: collection, record id and field.
 * A ciphertext copied into another record or field fails to open.
 */
public record Aad(String collection, String recordId, String field) {

    public Aad {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(field, "field");
    }

    byte[] bytes() {
        return ("ev1\u0000" + collection + "\u0000" + recordId + "\u0000" + field).getBytes(StandardCharsets.UTF_8);
    }
}

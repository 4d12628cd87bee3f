package org.evidencevault.records;

import java.util.Objects;

/**
 * A kind of stored record: the type named in audit entries and errors ({@code incident}) and the
 * collection it lives in ({@code incidents}). The collection is also part of every sealed field's
 * associated data, so it never changes for a kind.
 */
public record RecordKind(String type, String collection) {

    public RecordKind {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(collection, "collection");
    }
}

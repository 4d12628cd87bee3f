package org.evidencevault.audit;

import java.util.Objects;

/** What an audited operation touches: a record type and id (ids are random, never names). */
public record Target(String type, String id) {
    public Target {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
    }

    @Override
    public String toString() {
        return type + "/" + id;
    }
}

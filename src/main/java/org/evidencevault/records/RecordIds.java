package org.evidencevault.records;

import java.util.UUID;

/** Record ids: random UUIDs in canonical form, so an id reveals nothing about who or what it names. */
public final class RecordIds {

    private RecordIds() {
    }

    public static String next() {
        return UUID.randomUUID().toString();
    }

    /** Whether {@code id} is a canonical UUID, as every id the vault makes is. */
    public static boolean wellFormed(String id) {
        if (id == null || id.length() != 36) {
            return false;
        }
        try {
            return UUID.fromString(id).toString().equals(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

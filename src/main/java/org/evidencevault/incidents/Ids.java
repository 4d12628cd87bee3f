package org.evidencevault.incidents;

import java.util.UUID;

/** Record ids: random UUIDs, so an id reveals nothing about who or what it names. */
final class Ids {
    private Ids() {
    }

    static String next() {
        return UUID.randomUUID().toString();
    }

    static boolean looksValid(String id) {
        try {
            return id != null && UUID.fromString(id).toString().equals(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

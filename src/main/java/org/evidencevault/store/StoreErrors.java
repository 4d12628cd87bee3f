package org.evidencevault.store;

import java.io.IOException;
import java.util.Locale;

/**
 * The error codes the embedded store answers when it cannot take a command, and how to tell a full
 * disk from other failures. Codes are MongoDB's own where one exists ({@code 14031 OutOfDiskSpace}).
 */
final class StoreErrors {

    static final int OUT_OF_DISK_SPACE = 14031;
    static final String OUT_OF_DISK_SPACE_NAME = "OutOfDiskSpace";
    /** Not a MongoDB code: the embedded store is reopening its file after a failure. */
    static final int UNAVAILABLE = 47_001;
    static final String UNAVAILABLE_NAME = "EmbeddedStoreRecovering";

    private StoreErrors() {
    }

    static boolean isNoSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (t instanceof IOException && m != null && m.toLowerCase(Locale.ROOT).contains("no space left")) {
                return true;
            }
            if (m != null && m.toLowerCase(Locale.ROOT).contains("no space left on device")) {
                return true;
            }
        }
        return false;
    }

    /** A short description for logs and health: the exception types, never data. */
    static String describe(Throwable e) {
        if (isNoSpace(e)) {
            return "no space left on device";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " caused by " + root.getClass().getSimpleName();
    }
}

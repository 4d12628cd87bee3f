package org.evidencevault.store;

import de.bwaldvogel.mongo.exception.MongoServerError;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The free-space floor of the data directory: below it the embedded store refuses writes (and says why)
 * before the disk is actually full, so a full disk never lands in the middle of a commit. Read at most
 * every 250 ms (one {@code statfs}).
 */
final class FreeSpace {

    private static final long REFRESH_NANOS = 250_000_000L;

    private final FileStore fileStore;
    private final long floorBytes;
    private volatile long usable = Long.MAX_VALUE;
    private volatile long readAtNanos;
    private volatile boolean read;

    FreeSpace(Path dataDir, long floorBytes) {
        try {
            this.fileStore = Files.getFileStore(dataDir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the file system of " + dataDir, e);
        }
        this.floorBytes = floorBytes;
    }

    long floorBytes() {
        return floorBytes;
    }

    /** Usable bytes on the data directory's file system (at most 250 ms old). */
    long usableBytes() {
        long now = System.nanoTime();
        if (!read || now - readAtNanos > REFRESH_NANOS) {
            try {
                usable = fileStore.getUsableSpace();
            } catch (IOException e) {
                usable = 0;
            }
            readAtNanos = now;
            read = true;
        }
        return usable;
    }

    boolean belowFloor() {
        return floorBytes > 0 && usableBytes() < floorBytes;
    }

    void requireAboveFloor() {
        if (belowFloor()) {
            throw new MongoServerError(StoreErrors.OUT_OF_DISK_SPACE, StoreErrors.OUT_OF_DISK_SPACE_NAME,
                    "the data directory has " + mib(usableBytes()) + " free, below the floor of " + mib(floorBytes)
                            + " (vault.store.min-free-space): writes are refused until space is freed");
        }
    }

    static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}

package org.evidencevault.store;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.h2.mvstore.MVStore;

/**
 * The embedded default store: mongo-java-server with its H2 backend on {@code <dataDir>/vault.mv.db},
 * listening on 127.0.0.1 only. Clients talk to it with the real MongoDB driver.
 * It has no sessions, so nothing in the vault may rely on multi-document transactions.
 *
 * <p>What it guarantees: every write command is atomic on disk (a document and all its index entries,
 * or nothing) and is committed before it is acknowledged; with {@code fsync} the commit is also forced
 * to the device. So a process kill never loses an acknowledged write, and with fsync neither does a
 * power cut on a disk that honours flushes. Below the free-space floor writes are refused; a failed
 * commit is never acknowledged and the file is reopened from its last good commit.
 */
public final class EmbeddedStore implements AutoCloseable {

    private final EmbeddedBackend backend;
    private final FreeSpace space;
    private final MongoServer server;
    private final InetSocketAddress address;

    private EmbeddedStore(EmbeddedBackend backend, FreeSpace space, MongoServer server, InetSocketAddress address) {
        this.backend = backend;
        this.space = space;
        this.server = server;
        this.address = address;
    }

    public static EmbeddedStore start(Path dataDir, int port, boolean fsync) {
        return start(dataDir, port, fsync, 0);
    }

    /** Starts the store; {@code minFreeBytes} is the free-space floor below which writes are refused (0: none). */
    public static EmbeddedStore start(Path dataDir, int port, boolean fsync, long minFreeBytes) {
        return start(dataDir, port, fsync, minFreeBytes, Compaction.DEFAULT);
    }

    /** Starts the store with its free-space floor and its {@link Compaction} settings. */
    public static EmbeddedStore start(Path dataDir, int port, boolean fsync, long minFreeBytes, Compaction compaction) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir, e);
        }
        Path file = dataDir.resolve(fileName()).toAbsolutePath();
        FreeSpace space = new FreeSpace(dataDir, minFreeBytes);
        EmbeddedBackend backend = new EmbeddedBackend(file, fsync, space, compaction);
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        return new EmbeddedStore(backend, space, server, server.getLocalAddress());
    }

    /** The store file's name inside the data directory. */
    public static String fileName() {
        return "vault.mv.db";
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + address.getPort();
    }

    public int port() {
        return address.getPort();
    }

    /** Whether the store takes writes now, and if not, why (for health). */
    public Status status() {
        String reason = backend.unavailableReason();
        if (reason == null && space.belowFloor()) {
            reason = "the data directory has " + FreeSpace.mib(space.usableBytes()) + " free, below the floor of "
                    + FreeSpace.mib(space.floorBytes()) + ": writes are refused until space is freed";
        }
        return new Status(reason == null, reason, space.usableBytes(), space.floorBytes());
    }

    /**
     * Writes a consistent copy of the store file into {@code out} while the store runs: the file as of its last
     * commit, every acknowledged write before the call and none half done. Writes wait while it is copied.
     * Returns the bytes written.
     */
    public long copyTo(OutputStream out) throws IOException {
        return backend.copyCommitted(out);
    }

    /**
     * Opens a store file read-only and lists its collections' maps, so a restored file that H2 cannot read is found
     * before a vault is started on it. Returns how many maps it holds.
     *
     * @throws IllegalStateException naming the file if it does not open as an H2 MVStore
     */
    public static int checkFile(Path file) {
        try {
            MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open();
            try {
                return store.getMapNames().size();
            } finally {
                store.close();
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException(file + " does not open as an embedded store (" + StoreErrors.describe(e) + ")");
        }
    }

    /** How often the file was reopened from its last commit since the store started (a failed commit or half-done write). */
    public int reopens() {
        return backend.reopens();
    }

    /** How the store file is used now, or empty while the store recovers. */
    public Optional<FileUse> fileUse() {
        return Optional.ofNullable(backend.fileUse());
    }

    /** The file's size in bytes, the live share of its chunks and the used share of the file (percent). */
    public record FileUse(long bytes, int chunksFillRate, int fileFillRate) {
    }

    /** The store's state: writable, or why not; free bytes and the floor. */
    public record Status(boolean writable, String reason, long freeBytes, long floorBytes) {
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}

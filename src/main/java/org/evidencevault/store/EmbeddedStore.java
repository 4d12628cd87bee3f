package org.evidencevault.store;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.MVStore;

/**
 * The embedded default store: mongo-java-server with its H2 backend on {@code <dataDir>/vault.mv.db},
 * listening on 127.0.0.1 only. Clients talk to it with the real MongoDB driver.
 * It has no sessions, so nothing in the vault may rely on multi-document transactions.
 */
public final class EmbeddedStore implements AutoCloseable {

    private final MVStore mvStore;
    private final MongoServer server;
    private final InetSocketAddress address;

    private EmbeddedStore(MVStore mvStore, MongoServer server, InetSocketAddress address) {
        this.mvStore = mvStore;
        this.server = server;
        this.address = address;
    }

    public static EmbeddedStore start(Path dataDir, int port, boolean fsync) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir, e);
        }
        Path file = dataDir.resolve("vault.mv.db").toAbsolutePath();
        MVStore mvStore = new MVStore.Builder().fileName(file.toString()).open();
        MongoServer server = new MongoServer(new DurableH2Backend(mvStore, fsync));
        server.bind("127.0.0.1", port);
        return new EmbeddedStore(mvStore, server, server.getLocalAddress());
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + address.getPort();
    }

    public int port() {
        return address.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
        if (!mvStore.isClosed()) {
            mvStore.close();
        }
    }
}

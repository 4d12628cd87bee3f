package org.evidencevault.store;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.Set;
import org.h2.mvstore.MVStore;

/**
 * The H2 backend of mongo-java-server, made durable per write: measured here, the stock backend lost
 * 247 of 762 acknowledged inserts on {@code kill -9} because it commits to its file only now and then.
 * This backend commits the MVStore before a write command is acknowledged, so an acknowledged write
 * survives a process kill; with {@code fsync} it also forces the file to disk (power loss).
 */
final class DurableH2Backend extends H2Backend {

    private static final Set<String> WRITES = Set.of(
            "insert", "update", "delete", "findandmodify", "createindexes", "dropindexes",
            "drop", "dropdatabase", "create", "renamecollection");

    private final MVStore store;
    private final boolean fsync;

    DurableH2Backend(MVStore store, boolean fsync) {
        super(store);
        this.store = store;
        this.fsync = fsync;
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        Document reply = super.handleCommand(channel, database, command, query);
        if (WRITES.contains(command.toLowerCase(java.util.Locale.ROOT))) {
            synchronized (this) {
                store.commit();
                if (fsync) {
                    store.sync();
                }
            }
        }
        return reply;
    }
}

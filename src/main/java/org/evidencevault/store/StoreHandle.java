package org.evidencevault.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;

/** The open store: client, database, and the embedded server when there is one. */
public record StoreHandle(MongoClient client, MongoDatabase database, EmbeddedStore embedded) implements AutoCloseable {

    public boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        client.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}

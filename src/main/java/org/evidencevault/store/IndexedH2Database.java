package org.evidencevault.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * A database of the embedded store whose non-unique indexes are real ({@link SecondaryIndex}, kept in the store file
 * next to the unique ones) and whose collections plan queries with them ({@link IndexedH2Collection}). The maps are
 * named as mongo-java-server names its own, so dropping an index or a collection removes them as it does.
 */
final class IndexedH2Database extends H2Database {

    /** The store while the superclass constructor opens collections and indexes, before this class's fields are set. */
    private static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();

    private final MVStore store;

    IndexedH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        super(databaseName, opening(store), cursorRegistry);
        this.store = store;
        OPENING.remove();
    }

    private static MVStore opening(MVStore store) {
        OPENING.set(store);
        return store;
    }

    private MVStore store() {
        return store != null ? store : OPENING.get();
    }

    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        MVMap<String, Object> entries = store().openMap(getFullCollectionNamespace(collectionName) + "._index_" + indexName);
        return new SecondaryIndex(entries, indexName, keys, sparse);
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String fullName = getFullCollectionNamespace(collectionName);
        MVMap<Object, Document> data = store().openMap("databases." + fullName);
        MVMap<String, Object> meta = store().openMap("meta." + fullName);
        return new IndexedH2Collection(this, collectionName, options, data, meta, cursorRegistry);
    }
}

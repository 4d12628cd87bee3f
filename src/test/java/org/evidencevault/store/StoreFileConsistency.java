package org.evidencevault.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Reads an embedded store's file directly (the vault is not running) and checks what mongo-java-server's
 * H2 backend must keep true: every collection's data map and each of its unique-index maps hold the same
 * number of entries, and every entry of a non-unique index ({@link SecondaryIndex}: text keys, one per document and
 * value) names a stored document. A document persisted without its {@code _id} index entry (a half insert), or an
 * index entry left behind by half a delete, breaks this.
 */
public final class StoreFileConsistency {

    private static final String DATA_PREFIX = "databases.";
    private static final String INDEX_MARK = "._index_";

    private StoreFileConsistency() {
    }

    /** Whether the store's index descriptions ({@code system.indexes}) name this index of this collection unique. */
    private static boolean unique(MVStore store, String collection, String indexName) {
        if (indexName.equals("_id_")) {
            return true;
        }
        String db = collection.substring(0, collection.indexOf('.'));
        String descriptions = DATA_PREFIX + db + ".system.indexes";
        if (!store.hasMap(descriptions)) {
            return true;
        }
        for (Object d : store.openMap(descriptions).values()) {
            if (d instanceof de.bwaldvogel.mongo.bson.Document desc && indexName.equals(desc.get("name"))
                    && collection.equals(desc.get("ns"))) {
                return Boolean.TRUE.equals(desc.get("unique"));
            }
        }
        return true;
    }

    /** One line per collection whose indexes disagree with its documents; empty when consistent. */
    public static List<String> problems(Path file) {
        List<String> problems = new ArrayList<>();
        MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            for (String name : store.getMapNames()) {
                if (!name.startsWith(DATA_PREFIX)) {
                    continue;
                }
                String collection = name.substring(DATA_PREFIX.length());
                long documents = store.openMap(name).sizeAsLong();
                for (String other : store.getMapNames()) {
                    if (other.startsWith(collection + INDEX_MARK)) {
                        MVMap<Object, Object> index = store.openMap(other);
                        String indexName = other.substring(collection.length() + INDEX_MARK.length());
                        if (!unique(store, collection, indexName)) {
                            MVMap<Object, Object> data = store.openMap(name);
                            long dangling = index.values().stream().filter(p -> !data.containsKey(p)).count();
                            if (dangling > 0) {
                                problems.add(collection + ": " + dangling + " entries of " + other.substring(collection.length()
                                        + INDEX_MARK.length()) + " name no stored document");
                            }
                        } else if (index.sizeAsLong() != documents) {
                            problems.add(collection + ": " + documents + " documents but " + index.sizeAsLong()
                                    + " entries in " + other.substring(collection.length() + INDEX_MARK.length()));
                        }
                    }
                }
            }
        } finally {
            store.close();
        }
        return problems;
    }
}

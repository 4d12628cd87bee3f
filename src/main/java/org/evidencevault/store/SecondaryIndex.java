package org.evidencevault.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/**
 * A non-unique index of the embedded store, which mongo-java-server leaves out (it keeps an empty placeholder):
 * one entry per document and indexed value in an H2 map of the store file, keyed by the values' ordered text form
 * ({@link IndexKeys}) followed by the document's position, so it is written in the same commit as the document
 * and a range of the map holds exactly the documents with one leading value, in the order of the next key.
 *
 * <p>The index itself never answers a query ({@link #canHandle} is false): {@link IndexedH2Collection} plans with it
 * and re-checks every candidate document against the whole query, so an index only ever narrows what is read.
 */
final class SecondaryIndex extends Index<Object> {

    private final MVMap<String, Object> entries;

    SecondaryIndex(MVMap<String, Object> entries, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.entries = entries;
    }

    /** The field this index is ordered by first. */
    String leadingField() {
        return getKeys().get(0).getKey();
    }

    /** The field whose order the entries of one leading value follow (null for a single-field index). */
    String secondField() {
        return getKeys().size() > 1 ? getKeys().get(1).getKey() : null;
    }

    /** How many entries start with {@code prefix} (two lookups, nothing read). */
    long count(String prefix) {
        return slot(IndexKeys.upperBound(prefix)) - slot(prefix);
    }

    /** The entries starting with {@code prefix}, in key order or reversed. */
    Iterator<Map.Entry<String, Object>> range(String prefix, boolean reverse) {
        Cursor<String, Object> c = reverse ? entries.cursor(IndexKeys.upperBound(prefix), prefix, true)
                : entries.cursor(prefix, IndexKeys.upperBound(prefix), false);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return c.hasNext();
            }

            @Override
            public Map.Entry<String, Object> next() {
                String key = c.next();
                return Map.entry(key, c.getValue());
            }
        };
    }

    private long slot(String key) {
        long i = entries.getKeyIndex(key);
        return i < 0 ? -(i + 1) : i;
    }

    private Set<String> entryKeys(Document document) {
        Set<String> keys = new LinkedHashSet<>();
        if (isSparse() && keys().stream().noneMatch(document::containsKey)) {
            return keys;
        }
        String position = IndexKeys.encodeOrOther(position(document));
        for (KeyValue kv : getKeyValues(document)) {
            StringBuilder b = new StringBuilder();
            for (Object v : kv) {
                b.append(IndexKeys.encodeOrOther(v));
            }
            keys.add(b.append(position).toString());
        }
        return keys;
    }

    /** A document's position in its collection's map, as {@code H2Collection} keys it. */
    private static Object position(Document document) {
        return Missing.ofNullable(document.get("_id"));
    }

    @Override
    public Object getPosition(Document document) {
        return null; // positions come from the _id index
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Object> collection) {
        // not unique: nothing to refuse
    }

    @Override
    public void add(Document document, Object position, MongoCollection<Object> collection) {
        for (String key : entryKeys(document)) {
            entries.put(key, position);
        }
    }

    @Override
    public Object remove(Document document) {
        for (String key : entryKeys(document)) {
            entries.remove(key);
        }
        return position(document);
    }

    @Override
    public boolean canHandle(Document query) {
        return false;
    }

    @Override
    public Iterable<Object> getPositions(Document query) {
        throw new UnsupportedOperationException("planned by IndexedH2Collection");
    }

    @Override
    public long getCount() {
        return entries.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
        // not unique: nothing to refuse
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, Object position, MongoCollection<Object> collection) {
        Set<String> before = entryKeys(oldDocument);
        Set<String> after = entryKeys(newDocument);
        if (Objects.equals(before, after)) {
            return;
        }
        for (String key : before) {
            if (!after.contains(key)) {
                entries.remove(key);
            }
        }
        for (String key : after) {
            if (!before.contains(key)) {
                entries.put(key, position);
            }
        }
    }

    @Override
    public void drop() {
        // the database removes the map
    }
}

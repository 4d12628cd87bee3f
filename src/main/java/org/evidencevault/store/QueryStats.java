package org.evidencevault.store;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How the embedded store answered queries, per collection: how many read every document (full scans) and how many
 * documents those read, and how many were narrowed by an index and how many candidates they read. Kept for the whole
 * process (every embedded store in it), so a test takes a {@link #snapshot} before and after what it measures.
 */
public final class QueryStats {

    private static final Map<String, Counters> BY_COLLECTION = new ConcurrentHashMap<>();

    private QueryStats() {
    }

    static void fullScan(String collection, long documents) {
        Counters c = of(collection);
        c.fullScans.increment();
        c.scanned.add(documents);
    }

    static void indexed(String collection, long candidates) {
        Counters c = of(collection);
        c.indexed.increment();
        c.candidates.add(candidates);
    }

    private static Counters of(String collection) {
        return BY_COLLECTION.computeIfAbsent(collection, k -> new Counters());
    }

    /** The counts so far, by collection name. */
    public static Map<String, Counts> snapshot() {
        Map<String, Counts> out = new TreeMap<>();
        BY_COLLECTION.forEach((name, c) -> out.put(name,
                new Counts(c.fullScans.sum(), c.scanned.sum(), c.indexed.sum(), c.candidates.sum())));
        return out;
    }

    /** Queries that read every document, the documents they read, queries narrowed by an index, their candidates. */
    public record Counts(long fullScans, long scannedDocuments, long indexedQueries, long candidates) {

        public static final Counts NONE = new Counts(0, 0, 0, 0);

        public Counts minus(Counts earlier) {
            return new Counts(fullScans - earlier.fullScans, scannedDocuments - earlier.scannedDocuments,
                    indexedQueries - earlier.indexedQueries, candidates - earlier.candidates);
        }
    }

    private static final class Counters {
        final LongAdder fullScans = new LongAdder();
        final LongAdder scanned = new LongAdder();
        final LongAdder indexed = new LongAdder();
        final LongAdder candidates = new LongAdder();
    }
}

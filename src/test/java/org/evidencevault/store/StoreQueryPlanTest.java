package org.evidencevault.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's query planning ({@link IndexedH2Collection}, {@link SecondaryIndex}) may only change how much
 * is read, never an answer: the same documents live in a collection with the vault's kinds of indexes and in one with
 * none (every query there reads everything, mongo-java-server's own matching), and every query, sort, page and count
 * must answer the same in both, before and after updates and deletes and after the store is reopened. And the indexed
 * queries must not read the whole collection ({@link QueryStats}).
 */
class StoreQueryPlanTest {

    private static final List<String> TEAMS = List.of("team-a", "team-b", "team-c", "team-d");
    private static final List<String> MANDATES = List.of("SR-HRD", "SR-FOE", "WG-AD");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void indexedQueriesAnswerExactlyAsFullScansAndReadOnlyCandidates(@TempDir Path dir) {
        Random random = new Random(20261202L);
        List<Bson> queries = queries();
        try (EmbeddedStore store = EmbeddedStore.start(dir, 0, false);
             MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> indexed = client.getDatabase("plan").getCollection("indexed");
            MongoCollection<Document> plain = client.getDatabase("plan").getCollection("plain");
            indexed.createIndex(Indexes.ascending("team", "createdAt"));
            indexed.createIndex(Indexes.ascending("sharedWith", "createdAt"));
            indexed.createIndex(Indexes.ascending("defenderIds"));
            indexed.createIndex(Indexes.ascending("nameIndex"));
            indexed.createIndex(Indexes.ascending("claim"), new IndexOptions().unique(true).name("claim_unique"));
            for (int i = 0; i < 600; i++) {
                Document d = document(i, random);
                indexed.insertOne(d);
                plain.insertOne(new Document(d));
            }
            assertSameAnswers(indexed, plain, queries, "after inserts");

            for (int i = 0; i < 200; i++) {
                String id = id(random.nextInt(600));
                Bson change = switch (random.nextInt(3)) {
                    case 0 -> Updates.set("team", TEAMS.get(random.nextInt(TEAMS.size())));
                    case 1 -> Updates.set("sharedWith", random.nextBoolean() ? List.of() : List.of(MANDATES.get(random.nextInt(3))));
                    default -> Updates.set("createdAt", java.util.Date.from(T0.plusSeconds(random.nextInt(100_000))));
                };
                indexed.updateOne(Filters.eq("_id", id), change);
                plain.updateOne(Filters.eq("_id", id), change);
            }
            for (int i = 0; i < 50; i++) {
                String id = id(random.nextInt(600));
                indexed.deleteOne(Filters.eq("_id", id));
                plain.deleteOne(Filters.eq("_id", id));
            }
            assertSameAnswers(indexed, plain, queries, "after updates and deletes");

            QueryStats.Counts before = QueryStats.snapshot().getOrDefault("indexed", QueryStats.Counts.NONE);
            for (Bson q : queries.subList(0, INDEXED_QUERIES)) {
                indexed.find(q).sort(Sorts.descending("createdAt")).limit(20).into(new ArrayList<>());
                indexed.countDocuments(q);
            }
            QueryStats.Counts spent = QueryStats.snapshot().get("indexed").minus(before);
            // countDocuments is an aggregation, which mongo-java-server always answers by reading everything: the vault
            // counts with the count command instead (SealedRecords.count); finds must never read everything
            assertThat(spent.indexedQueries()).as("indexed finds").isGreaterThanOrEqualTo(INDEXED_QUERIES);
            long findsThatScanned = spent.fullScans() - INDEXED_QUERIES;
            assertThat(findsThatScanned).as("finds that read the whole collection").isZero();
        }
        try (EmbeddedStore store = EmbeddedStore.start(dir, 0, false);
             MongoClient client = MongoClients.create(store.connectionString())) {
            assertSameAnswers(client.getDatabase("plan").getCollection("indexed"), client.getDatabase("plan").getCollection("plain"),
                    queries, "after reopening the store");
        }
        assertThat(StoreFileConsistency.problems(dir.resolve(EmbeddedStore.fileName()))).isEmpty();
    }

    @Test
    void countsOfOneIndexedConditionComeFromTheIndexAndMatchTheDocuments(@TempDir Path dir) {
        try (EmbeddedStore store = EmbeddedStore.start(dir, 0, false);
             MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> c = client.getDatabase("plan").getCollection("counted");
            c.createIndex(Indexes.ascending("team", "createdAt"));
            c.createIndex(Indexes.ascending("sharedWith", "createdAt"));
            Random random = new Random(7);
            for (int i = 0; i < 300; i++) {
                c.insertOne(document(i, random));
            }
            var db = client.getDatabase("plan");
            for (Bson q : List.of(Filters.in("team", List.of("team-a")), Filters.in("team", List.of("team-a", "team-c")),
                    Filters.eq("sharedWith", "SR-HRD"), Filters.in("sharedWith", List.of("SR-HRD", "SR-FOE")),
                    Filters.in("team", List.of()))) {
                long expected = c.find(q).into(new ArrayList<>()).size();
                QueryStats.Counts before = QueryStats.snapshot().getOrDefault("counted", QueryStats.Counts.NONE);
                Document reply = db.runCommand(new Document("count", "counted").append("query", q.toBsonDocument()));
                QueryStats.Counts spent = QueryStats.snapshot().get("counted").minus(before);
                assertThat(reply.get("n", Number.class).longValue()).as("count of %s", q).isEqualTo(expected);
                assertThat(spent.fullScans()).as("full scans counting %s", q).isZero();
                assertThat(spent.candidates()).as("documents read counting %s", q).isZero();
            }
        }
    }

    @Test
    void aRangeOfIdsGivenAsTwoBoundsReadsOnlyTheDocumentsInsideIt(@TempDir Path dir) {
        try (EmbeddedStore store = EmbeddedStore.start(dir, 0, false);
             MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> log = client.getDatabase("plan").getCollection("ranged");
            List<Document> entries = new ArrayList<>();
            for (long seq = 0; seq < 5000; seq++) {
                Document d = new Document("_id", seq).append("action", "incident.read");
                if (seq % 3 == 0) {
                    d.append("payload", new Document("v", seq));
                }
                entries.add(d);
            }
            log.insertMany(entries);
            // what the audit store's paged reads send: Filters.and renders {$and: [{_id: {$gte}}, {_id: {$lte}}, ...]}
            for (long start : new long[] {0, 2000, 2500, 4900}) {
                Bson page = Filters.and(Filters.gte("_id", start), Filters.lte("_id", start + 99), Filters.exists("payload", true));
                QueryStats.Counts before = QueryStats.snapshot().getOrDefault("ranged", QueryStats.Counts.NONE);
                List<Long> seqs = log.find(page).sort(Sorts.ascending("_id")).map(d -> d.getLong("_id")).into(new ArrayList<>());
                QueryStats.Counts spent = QueryStats.snapshot().get("ranged").minus(before);
                assertThat(seqs).as("the page from %d", start)
                        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(start, start + 99).filter(s -> s % 3 == 0)
                                .boxed().toList());
                assertThat(spent.fullScans()).as("full scans for the page from %d", start).isZero();
                assertThat(spent.candidates()).as("documents read for the page from %d", start).isLessThanOrEqualTo(100);
            }
            // two bounds on one side are not merged (one range holds one bound a side): still answered right
            assertThat(log.find(Filters.and(Filters.gte("_id", 10L), Filters.gte("_id", 20L), Filters.lt("_id", 25L)))
                    .map(d -> d.getLong("_id")).into(new ArrayList<>())).containsExactly(20L, 21L, 22L, 23L, 24L);
        }
    }

    private static final int INDEXED_QUERIES = 12;

    /** The first {@link #INDEXED_QUERIES} can be narrowed by an index; the others need every document. */
    private static List<Bson> queries() {
        List<Bson> q = new ArrayList<>();
        q.add(Filters.in("team", List.of("team-a")));
        q.add(Filters.in("team", List.of("team-b", "team-d")));
        q.add(Filters.eq("team", "team-c"));
        q.add(Filters.or(Filters.in("team", List.of("team-a")),
                Filters.and(Filters.in("sharedWith", List.of("SR-HRD", "WG-AD")), Filters.nin("defenderIds", List.of("d-3", "d-7")))));
        q.add(Filters.and(Filters.in("sharedWith", List.of("SR-FOE")), Filters.nin("defenderIds", List.of("d-1"))));
        q.add(Filters.and(Filters.in("team", List.of("team-a", "team-b")), Filters.in("defenderIds", List.of("d-2", "d-5"))));
        q.add(Filters.and(Filters.eq("nameIndex", "n-4"), Filters.in("team", List.of("team-a", "team-c"))));
        q.add(Filters.eq("defenderIds", "d-9"));
        q.add(Filters.and(Filters.eq("_id", id(17)), Filters.eq("version", 1)));
        q.add(Filters.and(Filters.gte("_id", id(100)), Filters.lt("_id", id(140))));
        q.add(Filters.eq("claim", "claim-33"));
        q.add(Filters.and(Filters.in("_id", List.of(id(1), id(2), id(3), id(500))), Filters.exists("erasedAt", false)));
        q.add(Filters.size("defenderIds", 1));
        q.add(Filters.or(Filters.eq("team", "team-a"), Filters.eq("version", 2)));
        q.add(Filters.in("team", List.of()));
        return q;
    }

    private static void assertSameAnswers(MongoCollection<Document> indexed, MongoCollection<Document> plain, List<Bson> queries, String when) {
        for (Bson q : queries) {
            assertThat(ids(indexed.find(q).sort(Sorts.ascending("_id")))).as("%s: %s", when, q)
                    .isEqualTo(ids(plain.find(q).sort(Sorts.ascending("_id"))));
            for (int skip : new int[] {0, 20, 57}) {
                for (Bson sort : List.of(Sorts.descending("createdAt"), Sorts.ascending("createdAt"), Sorts.descending("_id"))) {
                    List<String> got = ids(indexed.find(q).sort(sort).skip(skip).limit(20));
                    List<String> want = ids(plain.find(q).sort(sort).skip(skip).limit(20));
                    assertThat(got).as("%s: %s sorted %s from %d", when, q, sort, skip).isEqualTo(want);
                }
            }
            assertThat(indexed.countDocuments(q)).as("%s: count %s", when, q).isEqualTo(plain.countDocuments(q));
        }
    }

    private static List<String> ids(Iterable<Document> docs) {
        List<String> ids = new ArrayList<>();
        docs.forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }

    private static String id(int i) {
        return String.format("r-%05d", i);
    }

    private static Document document(int i, Random random) {
        List<String> defenders = new ArrayList<>();
        for (int n = random.nextInt(3); n >= 0; n--) {
            defenders.add("d-" + random.nextInt(12));
        }
        List<String> shared = random.nextInt(3) == 0 ? List.of() : List.of(MANDATES.get(random.nextInt(MANDATES.size())));
        Document d = new Document("_id", id(i)).append("version", 1 + random.nextInt(2))
                .append("team", random.nextInt(20) == 0 ? null : TEAMS.get(random.nextInt(TEAMS.size())))
                .append("sharedWith", shared).append("defenderIds", defenders)
                .append("nameIndex", "n-" + random.nextInt(40))
                .append("claim", "claim-" + i)
                // distinct times, so every sort has one right answer (ties may come in any order, on MongoDB too)
                .append("createdAt", java.util.Date.from(T0.plusMillis(i * 1000L + random.nextInt(999))));
        if (random.nextInt(10) == 0) {
            d.append("erasedAt", java.util.Date.from(T0));
        }
        return d;
    }
}

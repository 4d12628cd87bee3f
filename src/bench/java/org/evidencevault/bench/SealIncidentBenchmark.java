package org.evidencevault.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bson.Document;
import org.evidencevault.crypto.Aad;
import org.evidencevault.crypto.DataKeys;
import org.evidencevault.crypto.FieldSealer;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.crypto.KeySetFile;
import org.evidencevault.crypto.Sealer;
import org.evidencevault.store.EmbeddedStore;
import org.evidencevault.support.TestDecryptionProof;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Seal and open of one incident's sensitive fields, as {@code IncidentRecords} and {@code SealedFields} do it:
 * the four sealed fields of an incident like the demo seed case (title, context notes, five infection events as
 * one JSON text, one forensic confirmation as one JSON text), each sealed under the incident's data key with
 * associated data (collection, record id, field) by the real {@link Sealer}, then turned into the stored
 * envelope document; opening parses the envelopes back and authenticates and decrypts all four.
 *
 * <p>One operation = one whole incident (four fields). The data key is created once in {@link #setUp()} in a
 * real {@link DataKeys} backed by an {@link EmbeddedStore} in a temporary directory; {@link DataKeys} caches the
 * unwrapped key (for 30 s, then one store lookup refills the cache), so the store is not on the measured path.
 * The JSON texts are built once in setup: this measures the cryptography and the envelope mapping, not JSON
 * serialisation.
 *
 * <p>Run: {@code flock /tmp/mvn.lock ./mvnw -o -q -Pbench test-compile exec:exec@jmh -Djmh.args="SealIncident -t 1"}
 * (see docs/BENCHMARKS.md). Not a test: surefire ignores it (the name does not end in Test).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SealIncidentBenchmark {

    static final String COLLECTION = "incidents";

    private Path dir;
    private EmbeddedStore store;
    private MongoClient client;
    private Sealer sealer;
    private FieldSealer opener;

    private String dataKeyId;
    private String recordId;
    private Map<String, String> fields;
    private Document sealedIncident;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        // No Spring here, so logback's default (DEBUG to the console) would print the driver's and the store's chatter.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        dir = Files.createTempDirectory("ev-bench-seal");
        KeyRing ring = KeySetFile.generate(dir.resolve("keys/vault-keys.json"), false);
        store = EmbeddedStore.start(dir.resolve("data"), 0, true);
        client = MongoClients.create(store.connectionString());
        DataKeys dataKeys = new DataKeys(client.getDatabase("evidence_vault").getCollection("data_keys"), ring,
                Clock.systemUTC());
        sealer = new Sealer(dataKeys);
        opener = new FieldSealer(sealer, COLLECTION);
        recordId = UUID.randomUUID().toString();
        DataKeys.NewDataKey key = dataKeys.prepare(COLLECTION + "/" + recordId);
        dataKeys.store(key.stored());
        dataKeyId = key.id();
        fields = seedIncidentFields();
        sealedIncident = seal();
        Map<String, String> back = open(sealedIncident);
        if (!back.equals(fields)) {
            throw new IllegalStateException("round trip failed: " + back.keySet());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        client.close();
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Seals the four fields into the stored {@code sealed} sub-document. */
    @Benchmark
    public Document sealIncident() {
        return seal();
    }

    /** Opens (authenticates and decrypts) the four sealed fields of a stored incident. */
    @Benchmark
    public void openIncident(Blackhole bh) {
        bh.consume(open(sealedIncident));
    }

    /** Seals the four fields, then opens them all again. */
    @Benchmark
    public void sealAndOpenIncident(Blackhole bh) {
        bh.consume(open(seal()));
    }

    /** As {@code SealedFields.seal}: each non-null value under the data key, AAD (collection, record, field). */
    private Document seal() {
        Document sealed = new Document();
        fields.forEach((field, value) -> sealed.append(field,
                Sealer.toDocument(sealer.sealString(dataKeyId, new Aad(COLLECTION, recordId, field), value))));
        return sealed;
    }

    /**
     * As {@code SealedFields.open}: every envelope parsed back and opened with its AAD, by {@link FieldSealer#open}
     * (the only way to open sealed data outside crypto), with a proof that is always active.
     */
    private Map<String, String> open(Document sealed) {
        return opener.open(sealed, recordId, TestDecryptionProof.ALWAYS);
    }

    /**
     * The seed incident "inc-prodh-2022" as {@code IncidentRecords} writes its secret map: the nested lists as
     * {@code {"v": [...]}} JSON texts in the shape of {@code StoredValues.event} and {@code StoredValues.confirmation}.
     */
    public static Map<String, String> seedIncidentFields() {
        String labId = UUID.randomUUID().toString();
        List<Document> events = new ArrayList<>();
        for (String day : List.of("2022-06-22", "2022-06-23", "2022-07-13", "2022-09-24", "2022-09-29")) {
            events.add(new Document("date", day(day)).append("deviceOwnerId", null).append("exploitName", null)
                    .append("status", "CONFIRMED_INFECTION"));
        }
        Document confirmation = new Document("labOrganisationId", labId)
                .append("trigger", "APPLE_THREAT_NOTIFICATION").append("triggerDate", day("2022-12-15"))
                .append("acquisition", null).append("method", "LAB_PROPRIETARY").append("confirmedOn", null)
                .append("publishedOn", day("2023-04-18"))
                .append("reportUrl", "https://citizenlab.ca/2023/04/nso-groups-pegasus-spyware-returns-in-2022/")
                .append("confidence", "HIGH");
        Map<String, String> secret = new LinkedHashMap<>();
        secret.put("title", "Pegasus infections of two Centro Prodh defenders, Jun–Sep 2022");
        secret.put("contextNotes", "At the time of the infections the defenders were denouncing violations by the "
                + "Mexican Armed Forces: Ayotzinapa case milestones (the disappearance of the 43 students), Dirty War "
                + "cases, and the murder of two Jesuit priests in Cerocahui, Chihuahua (S0, S6).");
        secret.put("infectionEvents", new Document("v", events).toJson());
        secret.put("forensicConfirmations", new Document("v", List.of(confirmation)).toJson());
        return secret;
    }

    private static Document day(String value) {
        return new Document("value", value).append("precision", "DAY");
    }
}

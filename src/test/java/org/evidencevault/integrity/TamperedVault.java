package org.evidencevault.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.bson.Document;
import org.evidencevault.audit.AuditQueries;
import org.evidencevault.audit.AuditVerification;
import org.evidencevault.audit.IntegrityAlarms;
import org.evidencevault.common.Actor;
import org.evidencevault.common.PartialDate;
import org.evidencevault.crypto.KeySetFile;
import org.evidencevault.incidents.Defender;
import org.evidencevault.incidents.DefenderProfile;
import org.evidencevault.incidents.DefenderService;
import org.evidencevault.incidents.Incident;
import org.evidencevault.incidents.IncidentDetails;
import org.evidencevault.incidents.IncidentService;
import org.evidencevault.incidents.IncidentStatus;
import org.evidencevault.incidents.InfectionEvent;
import org.evidencevault.incidents.Spyware;
import org.evidencevault.ledger.AuditEntry;
import org.evidencevault.ledger.MerkleTree;
import org.evidencevault.support.TestUsers;
import org.evidencevault.support.VaultContexts;
import org.evidencevault.support.VaultTestDirs;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole vault (demo profile for its seed case and accounts, but its own freshly generated keys) on its own
 * data directory, for tests that change its store behind its back through the wire ({@link #db()}) and then
 * ask whether the vault notices: the integrity sweep is switched off and driven by {@link #sweepPass()}; the
 * vault can be stopped and started again on the same data directory; requests go through the whole security
 * filter chain with MockMvc on the running context. The {@code expect...} methods are the per-case verdicts.
 */
final class TamperedVault implements AutoCloseable {

    static final Actor SYSTEM = Actor.SYSTEM;
    static final String RECORD_INTEGRITY = "urn:evidence-vault:problem:record-integrity";
    static final String INTEGRITY_HALT = "urn:evidence-vault:problem:integrity-halt";

    /** A response: status and body (parsed when it is JSON). */
    record Reply(int status, String raw, JsonNode json) {
        String problemType() {
            return json == null ? null : json.path("type").asString();
        }
    }

    private final Path data;
    private final Path keys;
    private final List<String> args;
    private final JsonMapper json = JsonMapper.builder().build();
    private final AtomicInteger addresses = new AtomicInteger(1);
    private final AtomicInteger names = new AtomicInteger();
    private ConfigurableApplicationContext context;
    private MockMvc mvc;

    private TamperedVault(Path data, Path keys, List<String> args) {
        this.data = data;
        this.keys = keys;
        this.args = args;
    }

    /** A vault on a new data directory with new (non-demo) keys; not started. */
    static TamperedVault fresh(String name, String... extraArgs) {
        Path dir = VaultTestDirs.fresh(name);
        Path keys = dir.resolve("keys/vault-keys.json");
        KeySetFile.generate(keys, false);
        List<String> all = new ArrayList<>(List.of("--vault.integrity.sweep-enabled=false",
                // the scheduled verification of the tail would overwrite what a sweep reported; tests drive both
                "--vault.audit.verify-interval=1h"));
        all.addAll(List.of(extraArgs));
        return new TamperedVault(dir.resolve("data"), keys, all);
    }

    /** A vault on an existing data directory and its key file (a benchmark's loaded store), driven as above; not started. */
    static TamperedVault on(Path data, Path keys, String... extraArgs) {
        List<String> all = new ArrayList<>(List.of("--vault.integrity.sweep-enabled=false", "--vault.audit.verify-interval=1h"));
        all.addAll(List.of(extraArgs));
        return new TamperedVault(data, keys, all);
    }

    /** A vault on a copy of this (stopped) vault's data directory, same keys; not started. */
    TamperedVault copy(String name) {
        assertThat(context).as("copy a stopped vault only").isNull();
        Path to = VaultTestDirs.fresh(name).resolve("data");
        copyTree(data, to);
        return new TamperedVault(to, keys, args);
    }

    Path dataDir() {
        return data;
    }

    Path keysFile() {
        return keys;
    }

    // ---- life ---------------------------------------------------------------------------------------------

    TamperedVault start() {
        assertThat(context).isNull();
        context = VaultContexts.start(data, keys, args, "demo", "test");
        mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) context)
                .apply(SecurityMockMvcConfigurers.springSecurity()).build();
        return this;
    }

    void stop() {
        if (context != null) {
            context.close();
            context = null;
            mvc = null;
        }
    }

    /** Starts the vault if a failed case left it stopped (so one failure does not hide the next cases). */
    void ensureStarted() {
        if (context == null) {
            start();
        }
    }

    /** Stops and starts again on the same data directory. */
    TamperedVault restart() {
        stop();
        return start();
    }

    @Override
    public void close() {
        stop();
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    MongoDatabase db() {
        return bean(MongoDatabase.class);
    }

    MongoCollection<Document> collection(String name) {
        return db().getCollection(name);
    }

    // ---- the log ------------------------------------------------------------------------------------------

    MongoCollection<Document> log() {
        return collection("audit_log");
    }

    /** Entry {@code seq} as stored, payload included. */
    Document entry(long seq) {
        Document d = log().find(Filters.eq("_id", seq)).first();
        assertThat(d).as("entry %s", seq).isNotNull();
        return d;
    }

    AuditEntry signed(Document stored) {
        return AuditEntry.parse(stored.getString("body").getBytes(StandardCharsets.UTF_8));
    }

    static String bodyHash(Document stored) {
        return java.util.HexFormat.of().formatHex(MerkleTree.leafHash(stored.getString("body").getBytes(StandardCharsets.UTF_8)));
    }

    long tailSeq() {
        return log().find().sort(new Document("_id", -1)).limit(1).first().get("_id", Number.class).longValue();
    }

    /** The seq of the CHANGE entry that recorded {@code type/id@version}. */
    long seqOf(String type, String id, long version) {
        Document d = log().find(Filters.eq("claim", type + "/" + id + "@" + version)).first();
        assertThat(d).as("entry of %s/%s@%s", type, id, version).isNotNull();
        return d.get("_id", Number.class).longValue();
    }

    /** Puts {@code doc} in place of entry {@code seq} (or inserts it if there is none). */
    void putEntry(long seq, Document doc) {
        log().replaceOne(Filters.eq("_id", seq), doc, new ReplaceOptions().upsert(true));
    }

    /** A signed checkpoint of everything now in the log (the anchor moves with it). */
    long checkpoint() {
        return bean(AuditQueries.class).latestCheckpoint(SYSTEM).size();
    }

    // ---- records ------------------------------------------------------------------------------------------

    Document stored(String collection, String id) {
        return collection(collection).find(Filters.eq("_id", id)).first();
    }

    void putRecord(String collection, Document doc) {
        collection(collection).replaceOne(Filters.eq("_id", doc.get("_id")), doc, new ReplaceOptions().upsert(true));
    }

    Defender defender(String name) {
        return bean(DefenderService.class).register(org.evidencevault.support.TestActors.SEED, new DefenderProfile(name + " " + names.incrementAndGet(),
                null, null, "MEX", null, null));
    }

    /** A new defender and a new incident about them ({@code title} and notes are sealed). */
    Incident incident(String label) {
        Defender d = defender(label + " Defender");
        return bean(IncidentService.class).register(org.evidencevault.support.TestActors.SEED, details(d, label + " incident", IncidentStatus.SUSPECTED));
    }

    /** The next version of {@code incident}, with another status. */
    Incident revise(Incident incident, IncidentStatus status) {
        IncidentDetails x = incident.details();
        IncidentDetails next = new IncidentDetails(x.title(), x.defenderIds(), x.spyware(), x.vendorOrganisationId(),
                x.suspectedOperatorOrganisationId(), x.operatorInvolvement(), status, x.infectionEvents(),
                x.forensicConfirmations(), x.contextNotes());
        return bean(IncidentService.class).revise(SYSTEM, incident.id(), incident.version(), next);
    }

    private static IncidentDetails details(Defender d, String title, IncidentStatus status) {
        return new IncidentDetails(title, List.of(d.id()), Spyware.PEGASUS, null, null, null, status,
                List.of(new InfectionEvent(PartialDate.of("2022-06"), d.id(), null, status)), List.of(), title + " notes");
    }

    // ---- the integrity machinery --------------------------------------------------------------------------

    /**
     * Drives the integrity sweep until one full pass (log and every record kind) has ended, the way the schedule runs
     * it (in chunks, here of 7 so that findings fall on every side of a chunk's edge), without its pauses.
     */
    void sweepPass() {
        IntegritySweep sweep = bean(IntegritySweep.class);
        for (int i = 0; i < 10_000; i++) {
            try {
                if (sweep.tick(7, 1.0)) {
                    return;
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("the integrity sweep did not end a pass");
    }

    List<IntegrityAlarms.Alarm> alarms() {
        return bean(IntegrityAlarms.class).current();
    }

    Health auditHealth() {
        return bean(AuditVerification.class).health();
    }

    Health integrityHealth() {
        return bean(IntegrityAlarms.class).health();
    }

    /** What the vault's own start-up and periodic verification does: the entries after the newest checkpoint. */
    void verifyTail() {
        try {
            Method m = AuditVerification.class.getDeclaredMethod("verifySinceLastVerified");
            m.setAccessible(true);
            m.invoke(bean(AuditVerification.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The operator acknowledges every alarm (ADMIN, over HTTP). */
    void acknowledge() {
        Reply r = perform(post("/api/v1/admin/integrity/acknowledge").with(as("admin", "ADMIN")));
        assertThat(r.status()).as("acknowledge: %s", r.raw()).isEqualTo(200);
        assertThat(alarms()).isEmpty();
    }

    // ---- HTTP ---------------------------------------------------------------------------------------------

    static RequestPostProcessor as(String username, String role) {
        return request -> csrf().postProcessRequest(TestUsers.loggedIn(username, role).postProcessRequest(request));
    }

    static RequestPostProcessor officer() {
        return as("officer", "PROTECTION_OFFICER");
    }

    static RequestPostProcessor rapporteur() {
        return as("rapporteur", "RAPPORTEUR");
    }

    static RequestPostProcessor bearer(String token) {
        return request -> {
            request.addHeader("Authorization", "Bearer " + token);
            return request;
        };
    }

    /** A client address of its own (failed logins are throttled per address). */
    RequestPostProcessor fromNewAddress() {
        String address = "10.77." + (addresses.get() / 250) + "." + (addresses.getAndIncrement() % 250 + 1);
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    Reply perform(MockHttpServletRequestBuilder request) {
        try {
            MvcResult r = mvc.perform(request).andReturn();
            String body = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
            JsonNode node = null;
            if (!body.isEmpty() && (body.startsWith("{") || body.startsWith("["))) {
                node = json.readTree(body);
            }
            return new Reply(r.getResponse().getStatus(), body, node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Reply get(String path, RequestPostProcessor as) {
        return perform(httpGet(path).with(as));
    }

    Reply postJson(String path, String body, RequestPostProcessor... with) {
        MockHttpServletRequestBuilder b = post(path).contentType(MediaType.APPLICATION_JSON).content(body);
        for (RequestPostProcessor p : with) {
            b = b.with(p);
        }
        return perform(b);
    }

    JsonMapper json() {
        return json;
    }

    // ---- verdicts -----------------------------------------------------------------------------------------

    /** The baseline of every case: a full sweep finds nothing, no alarm is raised, the log verifies. */
    void expectClean() {
        sweepPass();
        assertThat(alarms()).as("alarms on a store nobody changed").isEmpty();
        verifyTail();
        assertThat(auditHealth().getStatus()).isEqualTo(Status.UP);
        assertThat(integrityHealth().getStatus()).isEqualTo(Status.UP);
    }

    /**
     * A log alarm naming entry {@code seq}: it halts every audited operation, audit health is DOWN naming that seq
     * (once a sweep pass reported it), and the vault still answers its health and its operator.
     */
    void expectLogAlarm(long seq) {
        assertThat(alarms()).as("a LOG alarm naming seq %s", seq)
                .anyMatch(a -> a.scope() == IntegrityAlarms.Scope.LOG && Long.valueOf(seq).equals(a.seq()));
        assertThat(integrityHealth().getStatus()).isEqualTo(Status.DOWN);
        Health audit = auditHealth();
        assertThat(audit.getStatus()).as("audit health %s", audit.getDetails()).isEqualTo(Status.DOWN);
        assertThat(audit.getDetails()).containsEntry("firstBadSeq", seq);
        assertThat(perform(httpGet("/actuator/health")).status()).as("overall health").isEqualTo(503);
        Reply listed = get("/api/v1/admin/integrity", as("admin", "ADMIN"));
        assertThat(listed.status()).as("the operator still sees the alarms").isEqualTo(200);
        assertThat(listed.raw()).contains("\"LOG\"");
    }

    /** A record alarm about {@code subject} ({@code collection/id}), naming {@code seq} when it is about an entry. */
    void expectRecordAlarm(String subject, Long seq) {
        assertThat(alarms()).as("a RECORD alarm about %s (seq %s) among %s", subject, seq, alarms())
                .anyMatch(a -> a.scope() == IntegrityAlarms.Scope.RECORD && a.subject().equals(subject)
                        && (seq == null || seq.equals(a.seq())));
        assertThat(integrityHealth().getStatus()).isEqualTo(Status.DOWN);
        assertThat(perform(httpGet("/actuator/health")).status()).as("overall health").isEqualTo(503);
    }

    /** A single read of the record is refused: 500 record-integrity naming it, no content of it. */
    void expectWithheld(String path, String id, RequestPostProcessor as) {
        Reply r = get(path, as);
        assertThat(r.status()).as("GET %s: %s", path, r.raw()).isEqualTo(500);
        assertThat(r.problemType()).isEqualTo(RECORD_INTEGRITY);
        assertThat(r.json().path("detail").asString()).contains(id);
    }

    void expectServed(String path, RequestPostProcessor as) {
        Reply r = get(path, as);
        assertThat(r.status()).as("GET %s: %s", path, r.raw()).isEqualTo(200);
    }

    /** Audited operations, reads included, are refused while the log is halted. */
    void expectReadsHalted(String path, RequestPostProcessor as) {
        Reply r = get(path, as);
        assertThat(r.status()).as("GET %s: %s", path, r.raw()).isEqualTo(503);
        assertThat(r.problemType()).isEqualTo(INTEGRITY_HALT);
    }

    /** Changes are refused (a new defender): 503 integrity-halt, nothing stored. */
    void expectChangesHalted() {
        long before = collection("defenders").countDocuments();
        Reply r = postJson("/api/v1/defenders", "{\"fullName\":\"Must Not Be Stored\",\"role\":\"Lawyer\",\"country\":\"MEX\"}",
                officer());
        assertThat(r.status()).as("POST /api/v1/defenders: %s", r.raw()).isEqualTo(503);
        assertThat(r.problemType()).isEqualTo(INTEGRITY_HALT);
        assertThat(collection("defenders").countDocuments()).isEqualTo(before);
    }

    // ---- files --------------------------------------------------------------------------------------------

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MockHttpServletRequestBuilder httpGet(String path) {
        return org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(path);
    }

    static Set<String> ids(JsonNode page) {
        Set<String> ids = new java.util.HashSet<>();
        JsonNode items = page.has("items") ? page.get("items") : page;
        items.forEach(n -> ids.add(n.path("id").asString()));
        return ids;
    }
}

package org.evidencevault.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.evidencevault.audit.IntegrityAlarms;
import org.evidencevault.crypto.StreamingAead;
import org.evidencevault.store.StoreProperties;
import org.evidencevault.support.ApiTestSupport;
import org.evidencevault.support.SeedCaseRequests;
import org.evidencevault.support.VaultTestDirs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Stored bytes altered behind the vault's back, starting from a valid item and changing one thing: one byte of
 * its blob flipped, or the blob cut short. The download never completes as if good (it stops before the first
 * segment that does not verify), and an integrity alarm names the item. Its own store (the alarm halts changes),
 * with a small per-account quota, which is tested here too.
 */
class EvidenceTamperTest extends ApiTestSupport {

    private static final Path OWN_STORE = VaultTestDirs.fresh("evidence-tamper");

    @DynamicPropertySource
    static void ownStore(DynamicPropertyRegistry registry) {
        registry.add("vault.test.own-store", OWN_STORE::toString);
        registry.add("vault.evidence.quota-per-account", () -> "20MB");
    }

    @Test
    void anAccountCannotRegisterMoreThanItsQuotaAndNothingIsStored() throws Exception {
        SeedCaseRequests seed = new SeedCaseRequests(mvc, json);
        String incident = seed.create("/api/v1/incidents", seed.minimalIncident(
                seed.create("/api/v1/defenders", seed.defender("Quota Defender " + seed.suffix, null, "Lawyer")), "Quota case"));
        long before = countItems();
        MvcResult tooMuch = mvc.perform(post("/api/v1/incidents/" + incident + "/evidence").with(officer())
                .contentType(MediaType.APPLICATION_JSON).content("{\"kind\":\"DEVICE_BACKUP\",\"mediaType\":\"application/octet-stream\","
                        + "\"size\":" + (21L << 20) + "}")).andReturn();
        assertThat(tooMuch.getResponse().getStatus()).isEqualTo(422);
        assertThat(tooMuch.getResponse().getContentAsString()).contains("\"field\":\"size\"").contains("\"rule\":\"quota\"");
        assertThat(countItems()).isEqualTo(before);
    }

    @Autowired
    EvidenceService evidence;

    @Test
    void parallelRegistrationsOfOneAccountDoNotPassTheQuotaTogether() throws Exception {
        SeedCaseRequests seed = new SeedCaseRequests(mvc, json);
        org.evidencevault.incidents.IncidentId incident = new org.evidencevault.incidents.IncidentId(seed.create("/api/v1/incidents",
                seed.minimalIncident(seed.create("/api/v1/defenders", seed.defender("Race Defender " + seed.suffix, null, "Lawyer")),
                        "Race case")));
        // an officer of its own, so that the quota it fills is nobody else's in this class
        org.evidencevault.common.Actor officer = new org.evidencevault.common.Actor("officer-in-a-hurry",
                java.util.Set.of(org.evidencevault.common.Role.PROTECTION_OFFICER), java.util.Set.of(org.evidencevault.common.DemoTeams.GENEVA),
                java.util.Set.of());
        long quota = 20L << 20;
        long size = 1L << 20;
        long free = quota - registeredBy(officer.username());
        int attempts = (int) (free / size) + 6;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> tries = new java.util.ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                tries.add(pool.submit(() -> {
                    start.await();
                    try {
                        evidence.register(officer, incident, new EvidenceItem.Details(EvidenceKind.DEVICE_BACKUP, "application/octet-stream",
                                size, null, null, null, null, null, null, null, null, null, null, null), null);
                        return true;
                    } catch (org.evidencevault.common.InvalidInputException quotaReached) {
                        return false;
                    }
                }));
            }
            start.countDown();
            long accepted = 0;
            for (var t : tries) {
                accepted += t.get() ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(free / size);
            assertThat(registeredBy(officer.username())).isLessThanOrEqualTo(quota);
        } finally {
            pool.shutdownNow();
        }
    }

    private long registeredBy(String username) {
        long total = 0;
        for (org.bson.Document d : db.getCollection("evidence_items").find(com.mongodb.client.model.Filters.and(
                com.mongodb.client.model.Filters.eq("registeredBy", username),
                com.mongodb.client.model.Filters.in("status", java.util.List.of("RECEIVING", "COMPLETE"))))) {
            total += d.get("size", Number.class).longValue();
        }
        return total;
    }

    @Autowired
    com.mongodb.client.MongoDatabase db;

    private long countItems() {
        return db.getCollection("evidence_items").countDocuments();
    }

    @Autowired
    IntegrityAlarms alarms;

    @Autowired
    StoreProperties store;

    @AfterEach
    void acknowledge() throws Exception {
        if (alarms.any()) {
            MvcResult r = mvc.perform(post("/api/v1/admin/integrity/acknowledge").with(admin())).andReturn();
            assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(200);
        }
    }

    @Test
    void aFlippedByteInTheStoredBlobStopsTheDownloadBeforeItAndRaisesAnAlarm() throws Exception {
        byte[] file = file(StreamingAead.FIRST_PLAINTEXT + 50_000);
        String id = stored(file);
        try (RandomAccessFile blob = new RandomAccessFile(blob(id).toFile(), "rw")) {
            long at = StreamingAead.SEGMENT + 1000;
            blob.seek(at);
            int b = blob.read();
            blob.seek(at);
            blob.write(b ^ 0x01);
        }
        byte[] got = download(id);
        assertThat(got.length).as("only the intact first segment, if anything")
                .isLessThanOrEqualTo(StreamingAead.FIRST_PLAINTEXT);
        assertThat(alarms.current()).anyMatch(a -> a.subject().equals("evidence_items/" + id));
    }

    @Test
    void aBlobCutShortStopsTheDownloadAndRaisesAnAlarm() throws Exception {
        byte[] file = file(StreamingAead.FIRST_PLAINTEXT + StreamingAead.PLAINTEXT + 10);
        String id = stored(file);
        try (RandomAccessFile blob = new RandomAccessFile(blob(id).toFile(), "rw")) {
            blob.setLength(2L * StreamingAead.SEGMENT);
        }
        byte[] got = download(id);
        assertThat(got.length).as("never the whole file").isLessThan(file.length);
        assertThat(alarms.current()).anyMatch(a -> a.subject().equals("evidence_items/" + id));
    }

    @Test
    void bytesAppendedAfterTheLastSegmentAreCaughtBeforeTheLastSegmentIsSent() throws Exception {
        byte[] file = file(StreamingAead.FIRST_PLAINTEXT + 7_000);
        String id = stored(file);
        Files.write(blob(id), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        byte[] got = download(id);
        assertThat(got.length).as("the last segment is held back until the end verified").isLessThanOrEqualTo(StreamingAead.FIRST_PLAINTEXT);
        assertThat(alarms.current()).anyMatch(a -> a.subject().equals("evidence_items/" + id));
    }

    private String stored(byte[] file) throws Exception {
        SeedCaseRequests seed = new SeedCaseRequests(mvc, json);
        String incident = seed.create("/api/v1/incidents", seed.minimalIncident(
                seed.create("/api/v1/defenders", seed.defender("Tamper Defender " + seed.suffix, null, "Lawyer")), "Tamper case"));
        MvcResult reg = mvc.perform(post("/api/v1/incidents/" + incident + "/evidence").with(officer())
                .contentType(MediaType.APPLICATION_JSON).content("{\"kind\":\"LAB_REPORT\",\"mediaType\":\"application/pdf\",\"size\":"
                        + file.length + "}")).andReturn();
        assertThat(reg.getResponse().getStatus()).as(reg.getResponse().getContentAsString()).isEqualTo(201);
        String id = parse(reg.getResponse().getContentAsString()).path("id").asString();
        MvcResult sent = mvc.perform(patch("/api/v1/evidence/" + id + "/content").with(officer())
                .contentType("application/offset+octet-stream").header("Upload-Offset", "0").content(file)).andReturn();
        assertThat(sent.getResponse().getStatus()).isEqualTo(204);
        assertThat(Files.exists(blob(id))).isTrue();
        return id;
    }

    /** The bytes a client received: the download is aborted (an exception) or answered with a problem, never completed. */
    private byte[] download(String id) throws Exception {
        MvcResult started = mvc.perform(get("/api/v1/evidence/" + id + "/content").with(officerWithPasskey())).andReturn();
        try {
            MvcResult done = mvc.perform(asyncDispatch(started)).andReturn();
            if (done.getResponse().getStatus() == 500) {
                assertThat(done.getResponse().getContentType()).startsWith("application/problem+json");
                return new byte[0];
            }
            return done.getResponse().getContentAsByteArray();
        } catch (Exception aborted) {
            // the response was cut short after its first bytes
            return started.getResponse().getContentAsByteArray();
        }
    }

    private Path blob(String id) {
        return store.dataDir().resolve("evidence").resolve(id + ".blob");
    }

    private static byte[] file(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        System.arraycopy("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 9);
        return b;
    }
}

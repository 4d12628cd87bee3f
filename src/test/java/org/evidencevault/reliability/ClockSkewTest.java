package org.evidencevault.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.evidencevault.EvidenceVaultApplication;
import org.evidencevault.common.Actor;
import org.evidencevault.crypto.KeySetFile;
import org.evidencevault.incidents.Defender;
import org.evidencevault.incidents.DefenderProfile;
import org.evidencevault.incidents.DefenderService;
import org.evidencevault.ledger.AuditEntry;
import org.evidencevault.store.EmbeddedStore;
import org.evidencevault.store.HostClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances on one store, one whose host clock runs two hours ahead (an injected {@link HostClock}),
 * one two hours behind. Every validity decision uses the store's time, so: a token issued by either is
 * valid on both and lives its one hour; neither deletes the other's tokens; audit entry times never go
 * backwards and never run ahead of real time; a record's {@code updatedAt} never precedes its
 * {@code createdAt}, whichever instance created or revised it.
 */
class ClockSkewTest {

    private static final Duration SKEW = Duration.ofHours(2);

    @Test
    void instancesWithSkewedHostClocksAgreeOnTheStoresTime(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys/vault-keys.json");
        KeySetFile.generate(keys, false);
        try (EmbeddedStore store = EmbeddedStore.start(dir.resolve("store"), 0, true);
             ConfigurableApplicationContext ahead = vault(dir.resolve("ahead"), keys, store.port(), SKEW);
             ConfigurableApplicationContext behind = vault(dir.resolve("behind"), keys, store.port(), SKEW.negated())) {
            Instant start = Instant.now();
            String tokenAhead = Http.officerToken(ahead);
            String tokenBehind = Http.officerToken(behind);
            for (ConfigurableApplicationContext v : List.of(ahead, behind)) {
                for (String token : List.of(tokenAhead, tokenBehind)) {
                    assertThat(Http.get(v, "/api/v1/auth/whoami", token).status()).as("a token of either instance on either").isEqualTo(200);
                }
            }
            MongoDatabase db = ahead.getBean(MongoDatabase.class);
            assertThat(db.getCollection("api_tokens").countDocuments()).as("no instance deleted the other's token").isEqualTo(2);
            for (Document t : db.getCollection("api_tokens").find()) {
                Instant issued = t.getDate("createdAt").toInstant();
                Instant expires = t.getDate("expiresAt").toInstant();
                assertThat(Duration.between(issued, expires)).isEqualTo(Duration.ofHours(1));
                assertThat(Duration.between(start, issued).abs()).as("issued at the store's time").isLessThan(Duration.ofMinutes(1));
            }

            Defender onAhead = ahead.getBean(DefenderService.class).register(org.evidencevault.support.TestActors.SEED, profile("Skew Defender A"));
            Defender revisedBehind = behind.getBean(DefenderService.class).revise(Actor.SYSTEM, onAhead.id(), 1, profile("Skew Defender A2"));
            Defender onBehind = behind.getBean(DefenderService.class).register(org.evidencevault.support.TestActors.SEED, profile("Skew Defender B"));
            Defender revisedAhead = ahead.getBean(DefenderService.class).revise(Actor.SYSTEM, onBehind.id(), 1, profile("Skew Defender B2"));
            for (Defender d : List.of(revisedBehind, revisedAhead)) {
                Document stored = db.getCollection("defenders").find(Filters.eq("_id", d.id().value())).first();
                assertThat(stored.getDate("updatedAt")).as("updatedAt of %s", d.id()).isAfterOrEqualTo(stored.getDate("createdAt"));
                assertThat(Duration.between(start, stored.getDate("updatedAt").toInstant()).abs()).isLessThan(Duration.ofMinutes(1));
            }

            List<String> times = new ArrayList<>();
            db.getCollection("audit_log").find().sort(new Document("_id", 1))
                    .forEach(e -> times.add(AuditEntry.parse(e.getString("body").getBytes(java.nio.charset.StandardCharsets.UTF_8)).time()));
            Instant end = Instant.now();
            for (int i = 1; i < times.size(); i++) {
                assertThat(times.get(i)).as("entry %d's time", i).isGreaterThanOrEqualTo(times.get(i - 1));
            }
            for (String t : times) {
                assertThat(Instant.parse(t)).as("never ahead of real time").isBefore(end.plusSeconds(5));
                assertThat(Instant.parse(t)).as("never behind it by the skew").isAfter(start.minusSeconds(60));
            }
        }
    }

    private static DefenderProfile profile(String name) {
        return new DefenderProfile(name, null, null, "MEX", null, null);
    }

    private static ConfigurableApplicationContext vault(Path data, Path keys, int storePort, Duration skew) {
        HostClock skewed = () -> System.currentTimeMillis() + skew.toMillis();
        return new SpringApplicationBuilder(EvidenceVaultApplication.class)
                .profiles("demo", "test")
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("hostClock", skewed))
                .run("--vault.store.data-dir=" + data, "--vault.keys.path=" + keys, "--server.port=0",
                        "--spring.mongodb.uri=mongodb://127.0.0.1:" + storePort + "/evidence_vault", "--vault.demo.seed=false");
    }
}

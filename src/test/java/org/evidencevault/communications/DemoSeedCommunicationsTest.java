package org.evidencevault.communications;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.nio.file.Path;
import java.util.List;
import org.bson.Document;
import org.evidencevault.common.Actor;
import org.evidencevault.incidents.IncidentId;
import org.evidencevault.incidents.IncidentService;
import org.evidencevault.support.VaultContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo profile loads the seed's four letters to NSO Group after the incidents, once: a restart loads
 * nothing again, and a store whose communications marker is missing (as in a store seeded before
 * communications existed) finds the seed's incident and defenders by name and is refused only as duplicates.
 */
@ExtendWith(OutputCaptureExtension.class)
class DemoSeedCommunicationsTest {

    private static final Path KEYS = Path.of("keys-example/vault-keys.json");

    @Test
    void loadsTheSeedLettersOnceAndCitesTheSeedIncident(@TempDir Path dir, CapturedOutput output) {
        Path data = dir.resolve("data");
        IncidentId incident;
        try (ConfigurableApplicationContext ctx = VaultContexts.start(data, KEYS, "demo", "test")) {
            MongoDatabase db = ctx.getBean(MongoDatabase.class);
            assertThat(db.getCollection("communications").countDocuments()).isEqualTo(4);
            CommunicationQueries communications = ctx.getBean(CommunicationQueries.class);
            Communication letter = communications.byReference(Actor.SYSTEM, "AL OTH 62/2023");
            incident = letter.details().citedIncidents().get(0).incidentId();
            assertThat(ctx.getBean(IncidentService.class).get(Actor.SYSTEM, incident).details().title())
                    .isEqualTo("Pegasus infections of two Centro Prodh defenders, Jun–Sep 2022");
            assertThat(letter.details().citedCommunications().stream().map(c -> c.key().toString()).toList())
                    .containsExactly("OTH 211/2021", "OTH 2/2020", "OTH 52/2019");
            assertThat(letter.details().publiclyNamedDefenderIds()).hasSize(2);
            assertThat(letter.details().parallelLetters().stream().map(ParallelLetter::addressee).toList())
                    .containsExactly("ISR", "MEX");
            assertThat(communications.citingIncident(Actor.SYSTEM, incident, 0, 20).items().stream()
                    .map(Communication::id).toList()).containsExactly("OTH-62-2023");
        }

        try (ConfigurableApplicationContext ctx = VaultContexts.start(data, KEYS, "demo", "test")) {
            MongoDatabase db = ctx.getBean(MongoDatabase.class);
            assertThat(db.getCollection("communications").countDocuments()).as("a restart loads nothing again").isEqualTo(4);
            assertThat(db.getCollection("incidents").countDocuments()).isEqualTo(2);
            db.getCollection("vault_meta").deleteOne(Filters.eq("_id", "demo-seed-communications-v1"));
        }

        try (ConfigurableApplicationContext ctx = VaultContexts.start(data, KEYS, "demo", "test")) {
            MongoDatabase db = ctx.getBean(MongoDatabase.class);
            assertThat(db.getCollection("communications").countDocuments()).isEqualTo(4);
            Document marker = db.getCollection("vault_meta").find(Filters.eq("_id", "demo-seed-communications-v1")).first();
            assertThat(marker.getString("state")).isEqualTo("refused");
            assertThat(ctx.getBean(CommunicationQueries.class).byReference(Actor.SYSTEM, "OTH 62/2023")
                    .details().citedIncidents().get(0).incidentId()).isEqualTo(incident);
        }
        String refusal = output.getAll().lines().filter(l -> l.contains("demo seed communications not loaded"))
                .findFirst().orElseThrow();
        for (String rule : List.of("unknown-incident", "unknown-defender", "required", "unknown-communication")) {
            assertThat(refusal).as("the seed's incident and defenders were found by name").doesNotContain(rule);
        }
        assertThat(refusal).contains("communications[0].reference: duplicate").contains("communications[3].reference: duplicate");
    }
}

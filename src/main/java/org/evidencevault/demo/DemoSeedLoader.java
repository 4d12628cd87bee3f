package org.evidencevault.demo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.evidencevault.common.Actor;
import org.evidencevault.common.PartialDate;
import org.evidencevault.incidents.Consent;
import org.evidencevault.incidents.DefenderProfile;
import org.evidencevault.incidents.DefenderService;
import org.evidencevault.incidents.ForensicConfirmation;
import org.evidencevault.incidents.ForensicTerms;
import org.evidencevault.incidents.IncidentDetails;
import org.evidencevault.incidents.IncidentService;
import org.evidencevault.incidents.IncidentStatus;
import org.evidencevault.incidents.InfectionEvent;
import org.evidencevault.incidents.Involvement;
import org.evidencevault.incidents.Organisation;
import org.evidencevault.incidents.OrganisationService;
import org.evidencevault.incidents.Spyware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads {@code demo/seed-case.json} once (a marker in {@code vault_meta} makes it idempotent across
 * restarts and instances) through the same audited services the API uses, as the SYSTEM actor.
 */
@Component
@Profile("demo")
@ConditionalOnProperty(name = "vault.demo.seed", havingValue = "true")
class DemoSeedLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoSeedLoader.class);
    private static final String MARKER = "demo-seed-v1";

    private final OrganisationService organisations;
    private final DefenderService defenders;
    private final IncidentService incidents;
    private final MongoCollection<Document> meta;
    private final Clock clock;

    DemoSeedLoader(OrganisationService organisations, DefenderService defenders, IncidentService incidents,
                   MongoDatabase db, Clock clock) {
        this.organisations = organisations;
        this.defenders = defenders;
        this.incidents = incidents;
        this.meta = db.getCollection("vault_meta");
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        try {
            meta.insertOne(new Document("_id", MARKER).append("state", "loading").append("at", Date.from(clock.instant())));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                log.info("demo seed case already loaded");
                return;
            }
            throw e;
        }
        JsonNode seed;
        try (InputStream in = new ClassPathResource("demo/seed-case.json").getInputStream()) {
            seed = JsonMapper.builder().build().readTree(in);
        }
        Map<String, String> ids = new HashMap<>();
        for (JsonNode o : seed.path("organisations")) {
            ids.put(o.path("key").asString(), organisations.register(Actor.SYSTEM, new Organisation.Details(
                    text(o, "name"), text(o, "acronym"), text(o, "country"),
                    Organisation.Type.valueOf(text(o, "type")))).id());
        }
        for (JsonNode d : seed.path("defenders")) {
            List<Consent> consents = new ArrayList<>();
            for (JsonNode c : d.path("consents")) {
                consents.add(new Consent(Consent.Purpose.valueOf(text(c, "purpose")), LocalDate.parse(text(c, "grantedOn")),
                        null, text(c, "note")));
            }
            ids.put(d.path("key").asString(), defenders.register(Actor.SYSTEM, new DefenderProfile(text(d, "fullName"),
                    ids.get(text(d, "organisation")), text(d, "role"), text(d, "country"), null, consents)).id());
        }
        for (JsonNode i : seed.path("incidents")) {
            incidents.register(Actor.SYSTEM, incident(i, ids));
        }
        meta.updateOne(new Document("_id", MARKER), new Document("$set", new Document("state", "loaded")));
        log.info("demo seed case loaded: {} organisations, {} defenders, {} incidents",
                seed.path("organisations").size(), seed.path("defenders").size(), seed.path("incidents").size());
    }

    private static IncidentDetails incident(JsonNode i, Map<String, String> ids) {
        List<String> defenderIds = new ArrayList<>();
        i.path("defenders").forEach(k -> defenderIds.add(ids.get(k.asString())));
        List<InfectionEvent> events = new ArrayList<>();
        for (JsonNode e : i.path("infectionEvents")) {
            events.add(new InfectionEvent(PartialDate.of(text(e, "date")), ids.get(text(e, "deviceOwner")),
                    text(e, "exploitName"), IncidentStatus.valueOf(text(e, "status"))));
        }
        List<ForensicConfirmation> confirmations = new ArrayList<>();
        for (JsonNode c : i.path("forensicConfirmations")) {
            confirmations.add(new ForensicConfirmation(ids.get(text(c, "lab")),
                    ForensicTerms.Trigger.valueOf(text(c, "trigger")), date(c, "triggerDate"), null,
                    ForensicTerms.Method.valueOf(text(c, "method")), date(c, "confirmedOn"), date(c, "publishedOn"),
                    text(c, "reportUrl"), ForensicTerms.Confidence.valueOf(text(c, "confidence"))));
        }
        String involvement = text(i, "operatorInvolvement");
        return new IncidentDetails(text(i, "title"), defenderIds, Spyware.valueOf(text(i, "spyware")),
                ids.get(text(i, "vendor")), ids.get(text(i, "operator")),
                involvement == null ? null : Involvement.valueOf(involvement),
                IncidentStatus.valueOf(text(i, "status")), events, confirmations, text(i, "contextNotes"));
    }

    private static PartialDate date(JsonNode n, String field) {
        String v = text(n, field);
        return v == null ? null : PartialDate.of(v);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }
}

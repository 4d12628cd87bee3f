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
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.common.PartialDate;
import org.evidencevault.communications.CommunicationCitation;
import org.evidencevault.communications.CommunicationDetails;
import org.evidencevault.communications.CommunicationService;
import org.evidencevault.communications.IncidentCitation;
import org.evidencevault.communications.Mandate;
import org.evidencevault.communications.ParallelLetter;
import org.evidencevault.communications.Reference;
import org.evidencevault.communications.Reply;
import org.evidencevault.communications.Signatory;
import org.evidencevault.incidents.Consent;
import org.evidencevault.incidents.DefenderId;
import org.evidencevault.incidents.IncidentId;
import org.evidencevault.incidents.OrganisationId;
import org.evidencevault.incidents.DefenderProfile;
import org.evidencevault.incidents.DefenderService;
import org.evidencevault.incidents.ForensicConfirmation;
import org.evidencevault.incidents.ForensicTerms;
import org.evidencevault.incidents.IncidentDetails;
import org.evidencevault.incidents.Incident;
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
 * Loads {@code demo/seed-case.json} once (markers in {@code vault_meta} make it idempotent across
 * restarts and instances) through the same audited services the API uses, as the SYSTEM actor: first the
 * organisations, defenders and incidents, then the UN communications (their own marker, so a data
 * directory seeded before communications existed gets them too), as one all-or-nothing import.
 */
@Component
@Profile("demo")
@ConditionalOnProperty(name = "vault.demo.seed", havingValue = "true")
class DemoSeedLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoSeedLoader.class);
    private static final String MARKER = "demo-seed-v1";
    private static final String COMMUNICATIONS_MARKER = "demo-seed-communications-v1";
    /** The vault loading the seed case for its case team. */
    private static final Actor SEED = Actor.systemFor(org.evidencevault.common.DemoTeams.GENEVA);

    private final OrganisationService organisations;
    private final DefenderService defenders;
    private final IncidentService incidents;
    private final CommunicationService communications;
    private final MongoCollection<Document> meta;
    private final Clock clock;

    DemoSeedLoader(OrganisationService organisations, DefenderService defenders, IncidentService incidents,
                   CommunicationService communications, MongoDatabase db, Clock clock) {
        this.organisations = organisations;
        this.defenders = defenders;
        this.incidents = incidents;
        this.communications = communications;
        this.meta = db.getCollection("vault_meta");
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        JsonNode seed;
        try (InputStream in = new ClassPathResource("demo/seed-case.json").getInputStream()) {
            seed = JsonMapper.builder().build().readTree(in);
        }
        Map<String, String> ids = new HashMap<>();
        if (claim(MARKER)) {
            loadCase(seed, ids);
        } else {
            log.info("demo seed case already loaded");
        }
        if (claim(COMMUNICATIONS_MARKER)) {
            if (ids.isEmpty()) {
                ids.putAll(existingIds(seed));
            }
            loadCommunications(seed, ids);
        }
    }

    /** Inserts a marker; false if another start (or instance) already did. */
    private boolean claim(String marker) {
        try {
            meta.insertOne(new Document("_id", marker).append("state", "loading").append("at", Date.from(clock.instant())));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    private void loadCase(JsonNode seed, Map<String, String> ids) {
        for (JsonNode o : seed.path("organisations")) {
            ids.put(o.path("key").asString(), organisations.register(Actor.SYSTEM, new Organisation.Details(
                    text(o, "name"), text(o, "acronym"), text(o, "country"),
                    Organisation.Type.valueOf(text(o, "type")))).id().value());
        }
        for (JsonNode d : seed.path("defenders")) {
            List<Consent> consents = new ArrayList<>();
            for (JsonNode c : d.path("consents")) {
                consents.add(new Consent(Consent.Purpose.valueOf(text(c, "purpose")), LocalDate.parse(text(c, "grantedOn")),
                        null, text(c, "note")));
            }
            ids.put(d.path("key").asString(), defenders.register(SEED, new DefenderProfile(text(d, "fullName"),
                    OrganisationId.ofNullable(ids.get(text(d, "organisation"))), text(d, "role"), text(d, "country"), null,
                    consents)).id().value());
        }
        for (JsonNode i : seed.path("incidents")) {
            Incident registered = incidents.register(SEED, incident(i, ids));
            ids.put(i.path("key").asString(), registered.id().value());
            java.util.Set<String> mandates = new java.util.TreeSet<>();
            i.path("sharedWith").forEach(m -> mandates.add(m.asString()));
            if (!mandates.isEmpty()) {
                incidents.share(SEED, registered.id(), registered.version(), mandates);
            }
        }
        meta.updateOne(new Document("_id", MARKER), new Document("$set", new Document("state", "loaded")));
        log.info("demo seed case loaded: {} organisations, {} defenders, {} incidents",
                seed.path("organisations").size(), seed.path("defenders").size(), seed.path("incidents").size());
    }

    /** The letters of the seed case, imported all or nothing (cited letters resolve within the batch). */
    private void loadCommunications(JsonNode seed, Map<String, String> ids) {
        List<CommunicationDetails> batch = new ArrayList<>();
        try {
            for (JsonNode c : seed.path("communications")) {
                batch.add(communication(c, ids));
            }
            communications.importBatch(Actor.SYSTEM, batch);
        } catch (InvalidInputException e) {
            // e.g. a seed defender was erased since: the demo starts without its letters rather than not at all
            meta.updateOne(new Document("_id", COMMUNICATIONS_MARKER), new Document("$set", new Document("state", "refused")));
            log.warn("demo seed communications not loaded: {}", e.getMessage());
            return;
        }
        meta.updateOne(new Document("_id", COMMUNICATIONS_MARKER), new Document("$set", new Document("state", "loaded")));
        log.info("demo seed communications loaded: {} letters", batch.size());
    }

    /**
     * Ids of the seed's defenders and incidents in a store seeded before communications existed: found
     * the way a user would, by the defenders' names (blind index) and the incidents' titles.
     */
    private Map<String, String> existingIds(JsonNode seed) {
        Map<String, String> ids = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        for (JsonNode d : seed.path("defenders")) {
            String name = text(d, "fullName");
            names.put(d.path("key").asString(), name);
            defenders.find(Actor.SYSTEM, name, null, 0, 20).items().stream()
                    .filter(x -> x.profile().fullName().equals(name)).findFirst()
                    .ifPresent(x -> ids.put(d.path("key").asString(), x.id().value()));
        }
        for (JsonNode i : seed.path("incidents")) {
            String firstDefender = names.get(i.path("defenders").path(0).asString());
            if (firstDefender == null) {
                continue;
            }
            incidents.list(Actor.SYSTEM, firstDefender, 0, 200).items().stream()
                    .filter(x -> x.details().title().equals(text(i, "title"))).findFirst()
                    .ifPresent(x -> ids.put(i.path("key").asString(), x.id().value()));
        }
        return ids;
    }

    private static CommunicationDetails communication(JsonNode c, Map<String, String> ids) {
        List<Mandate> mandates = new ArrayList<>();
        c.path("mandates").forEach(m -> mandates.add(new Mandate(text(m, "code"), text(m, "hrcResolution"))));
        List<Signatory> signatories = new ArrayList<>();
        c.path("signatories").forEach(s -> signatories.add(new Signatory(text(s, "name"), text(s, "title"))));
        List<String> documents = new ArrayList<>();
        c.path("citedDocuments").forEach(d -> documents.add(d.asString()));
        List<ParallelLetter> parallel = new ArrayList<>();
        c.path("parallelLetters").forEach(p -> parallel.add(new ParallelLetter(text(p, "addressee"),
                text(p, "reference") == null ? null : Reference.parse(text(p, "reference"), "reference"))));
        List<IncidentCitation> citedIncidents = new ArrayList<>();
        c.path("citedIncidents").forEach(i -> citedIncidents.add(new IncidentCitation(IncidentId.ofNullable(ids.get(text(i, "incident"))), text(i, "note"))));
        List<CommunicationCitation> citedLetters = new ArrayList<>();
        c.path("citedCommunications").forEach(l -> citedLetters.add(new CommunicationCitation(
                Reference.parseKey(text(l, "reference"), "reference"), text(l, "note"))));
        List<DefenderId> named = new ArrayList<>();
        c.path("publiclyNamedDefenders").forEach(d -> named.add(DefenderId.ofNullable(ids.get(d.asString()))));
        List<Reply> replies = new ArrayList<>();
        c.path("replies").forEach(r -> replies.add(new Reply(LocalDate.parse(text(r, "receivedOn")), text(r, "from"),
                text(r, "summary"), null)));
        return new CommunicationDetails(Reference.parse(text(c, "reference"), "reference"), text(c, "addresseeName"),
                LocalDate.parse(text(c, "sentOn")), null, mandates, signatories, text(c, "summary"), documents, parallel,
                citedIncidents, citedLetters, named, List.of(), null, replies);
    }

    private static IncidentDetails incident(JsonNode i, Map<String, String> ids) {
        List<DefenderId> defenderIds = new ArrayList<>();
        i.path("defenders").forEach(k -> defenderIds.add(DefenderId.ofNullable(ids.get(k.asString()))));
        List<InfectionEvent> events = new ArrayList<>();
        for (JsonNode e : i.path("infectionEvents")) {
            events.add(new InfectionEvent(PartialDate.of(text(e, "date")), DefenderId.ofNullable(ids.get(text(e, "deviceOwner"))),
                    text(e, "exploitName"), IncidentStatus.valueOf(text(e, "status"))));
        }
        List<ForensicConfirmation> confirmations = new ArrayList<>();
        for (JsonNode c : i.path("forensicConfirmations")) {
            confirmations.add(new ForensicConfirmation(OrganisationId.ofNullable(ids.get(text(c, "lab"))),
                    ForensicTerms.Trigger.valueOf(text(c, "trigger")), date(c, "triggerDate"), null,
                    ForensicTerms.Method.valueOf(text(c, "method")), date(c, "confirmedOn"), date(c, "publishedOn"),
                    text(c, "reportUrl"), ForensicTerms.Confidence.valueOf(text(c, "confidence"))));
        }
        String involvement = text(i, "operatorInvolvement");
        return new IncidentDetails(text(i, "title"), defenderIds, Spyware.valueOf(text(i, "spyware")),
                OrganisationId.ofNullable(ids.get(text(i, "vendor"))), OrganisationId.ofNullable(ids.get(text(i, "operator"))),
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

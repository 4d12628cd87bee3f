package org.evidencevault.communications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.common.RuleViolation;
import org.evidencevault.incidents.DefenderId;
import org.evidencevault.incidents.IncidentId;
import org.junit.jupiter.api.Test;

/** The rules within one letter, and what is derived from it: deadline, publication date, lags, late flags, overdue. */
class CommunicationDetailsTest {

    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    /** The seed's earlier letters to NSO Group and their reply dates (from AL OTH 62/2023). */
    @Test
    void seedLettersDeadlinesLagsAndLateFlags() {
        CommunicationDetails l2019 = letter("AL OTH 52/2019", "2019-10-18", List.of(reply("2019-12-10")));
        CommunicationDetails l2020 = letter("AL OTH 2/2020", "2020-02-20", List.of(reply("2020-06-01")));
        CommunicationDetails l2021 = letter("AL OTH 211/2021", "2021-08-04", List.of(reply("2021-09-20")));
        CommunicationDetails l2023 = letter("AL OTH 62/2023", "2023-07-03", List.of());

        assertThat(l2023.replyDueOn()).isEqualTo(LocalDate.parse("2023-09-01"));
        assertThat(l2023.publicationDate()).isEqualTo(LocalDate.parse("2023-09-01"));
        assertThat(l2020.replyDueOn()).isEqualTo(LocalDate.parse("2020-04-20"));

        assertThat(l2019.lagDays(l2019.replies().get(0))).isEqualTo(53);
        assertThat(l2020.lagDays(l2020.replies().get(0))).isEqualTo(102);
        assertThat(l2021.lagDays(l2021.replies().get(0))).isEqualTo(47);
        assertThat(l2019.isLate(l2019.replies().get(0))).isFalse();
        assertThat(l2020.isLate(l2020.replies().get(0))).as("2/2020 was answered late").isTrue();
        assertThat(l2021.isLate(l2021.replies().get(0))).isFalse();
        assertThat(l2023.awaitingReply()).isTrue();
        assertThat(l2021.awaitingReply()).isFalse();
    }

    @Test
    void overdueIsEvaluatedOnAGivenDay() {
        CommunicationDetails l = letter("AL OTH 62/2023", "2023-07-03", List.of());
        assertThat(l.overdueOn(LocalDate.parse("2023-08-31"))).isFalse();
        assertThat(l.overdueOn(LocalDate.parse("2023-09-01"))).as("the deadline day itself is not overdue").isFalse();
        assertThat(l.overdueOn(LocalDate.parse("2023-09-02"))).isTrue();
        assertThat(l.withReply(reply("2023-10-01")).overdueOn(LocalDate.parse("2024-01-01"))).isFalse();
    }

    @Test
    void replyWindowIsConfigurablePerLetter() {
        CommunicationDetails l = new CommunicationDetails(Reference.parse("UA MEX 5/2023", "reference"), null,
                LocalDate.parse("2023-07-03"), 30, null, null, null, null, null, null, null, null, null, null, null);
        assertThat(l.replyDueOn()).isEqualTo(LocalDate.parse("2023-08-02"));
        assertThat(l.addresseeName()).as("a State needs no addressee name").isNull();
        assertThat(l.replyWindowDays()).isEqualTo(30);
        assertThat(letter("AL OTH 62/2023", "2023-07-03", List.of()).replyWindowDays()).isEqualTo(60);
    }

    @Test
    void aLateReplyIsRecordedAndFlaggedNotRefused() {
        CommunicationDetails l = letter("AL OTH 62/2023", "2023-07-03", List.of()).withReply(reply("2024-03-01"));
        assertThat(l.replies()).hasSize(1);
        assertThat(l.isLate(l.replies().get(0))).isTrue();
    }

    @Test
    void othNeedsAnAddresseeName() {
        assertRules(() -> new CommunicationDetails(Reference.parse("AL OTH 62/2023", "reference"), " ",
                LocalDate.parse("2023-07-03"), null, null, null, null, null, null, null, null, null, null, null, null),
                "addresseeName:oth-needs-name");
    }

    @Test
    void sentDateYearIsTheReferenceYear() {
        assertRules(() -> letter("AL OTH 62/2023", "2022-12-31", List.of()), "sentOn:reference-year");
    }

    @Test
    void aReplyIsNotDatedBeforeItsLetter() {
        assertRules(() -> letter("AL OTH 62/2023", "2023-07-03", List.of(reply("2023-07-04"), reply("2023-07-02"))),
                "replies[1].receivedOn:reply-after-letter");
        assertThat(letter("AL OTH 62/2023", "2023-07-03", List.of(reply("2023-07-03"))).replies()).hasSize(1);
    }

    @Test
    void aLetterDoesNotCiteItselfNorRepeatItsCitations() {
        List<CommunicationCitation> cites = List.of(
                new CommunicationCitation(new CommunicationKey("OTH", 62, 2023), null),
                new CommunicationCitation(new CommunicationKey("OTH", 211, 2021), null),
                new CommunicationCitation(new CommunicationKey("OTH", 211, 2021), "again"));
        List<IncidentCitation> incidents = List.of(new IncidentCitation(new IncidentId("a"), null),
                new IncidentCitation(new IncidentId("a"), "x"));
        assertRules(() -> new CommunicationDetails(Reference.parse("AL OTH 62/2023", "reference"), "NSO Group",
                        LocalDate.parse("2023-07-03"), null, null, null, null, null, null, incidents, cites, null, null, null, null),
                "citedCommunications[0].reference:cites-earlier-only", "citedCommunications[2].reference:unique",
                "citedIncidents[1].incidentId:unique");
    }

    @Test
    void listsOfMandatesDocumentsAndParallelLettersFollowTheirRules() {
        List<Mandate> mandates = List.of(new Mandate("SR_HRD", "52/4"), new Mandate("SR_HRD", "52/4"));
        List<String> docs = new ArrayList<>(List.of("A/HRC/53/24/Add.2", "undocs.org", "A/HRC/53/24/Add.2"));
        docs.add(null);
        List<ParallelLetter> parallel = List.of(new ParallelLetter("ISR", null), new ParallelLetter("ISR", null));
        assertRules(() -> new CommunicationDetails(Reference.parse("AL OTH 62/2023", "reference"), "NSO Group",
                        LocalDate.parse("2023-07-03"), 0, mandates, null, null, docs, parallel, null, null, null, null, null, null),
                "replyWindowDays:range", "mandates[1].code:unique", "citedDocuments[1]:un-document-symbol",
                "citedDocuments[2]:unique", "citedDocuments[3]:required", "parallelLetters[1].addressee:unique");
    }

    @Test
    void valueRules() {
        assertRules(() -> new Mandate("sr hrd", "52-4"), "code:mandate-code", "hrcResolution:hrc-resolution");
        assertRules(() -> new ParallelLetter("OTH", null), "addressee:iso-3166-alpha-3");
        assertRules(() -> new ParallelLetter("ISR", Reference.parse("AL MEX 5/2023", "reference")), "reference:reference-addressee");
        assertRules(() -> new DocumentRef("abc", null), "sha256:sha256");
        assertRules(() -> new DocumentRef(null, "https://example.org/letter.pdf"), "sha256:required");
        assertThat(new DocumentRef(SHA.toUpperCase(), null).sha256()).isEqualTo(SHA);
        assertRules(() -> new Reply(null, "NSO Group", null, null), "receivedOn:required");
        assertRules(() -> new Signatory(" ", null), "name:required");
        assertRules(() -> new Redaction(null, null, null), "kind:required");
    }

    @Test
    void aDefenderNamedInThePublicVersionIsNotAlsoRedacted() {
        List<Redaction> redactions = List.of(new Redaction(Redaction.Kind.NAME, new DefenderId("d1"), "name withheld"),
                new Redaction(Redaction.Kind.NAME, new DefenderId("d2"), null),
                new Redaction(Redaction.Kind.OTHER, new DefenderId("d1"), "location"));
        assertRules(() -> new CommunicationDetails(Reference.parse("AL OTH 62/2023", "reference"), "NSO Group",
                        LocalDate.parse("2023-07-03"), null, null, null, null, null, null, null, null,
                        List.of(new DefenderId("d1")), redactions,
                        null, null),
                "redactions[0].defenderId:named-and-redacted");
    }

    @Test
    void reportsEveryMissingPartAtOnce() {
        assertRules(() -> new CommunicationDetails(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null), "reference:required", "sentOn:required");
    }

    private static CommunicationDetails letter(String reference, String sentOn, List<Reply> replies) {
        return new CommunicationDetails(Reference.parse(reference, "reference"), "NSO Group", LocalDate.parse(sentOn), null,
                null, null, null, null, null, null, null, null, null, null, replies);
    }

    private static Reply reply(String day) {
        return new Reply(LocalDate.parse(day), "NSO Group", null, null);
    }

    private static void assertRules(Runnable build, String... fieldRules) {
        assertThatThrownBy(build::run).isInstanceOfSatisfying(InvalidInputException.class, e ->
                assertThat(e.violations().stream().map(CommunicationDetailsTest::fieldRule).toList())
                        .containsExactlyInAnyOrder(fieldRules));
    }

    private static String fieldRule(RuleViolation v) {
        return v.field() + ":" + v.rule();
    }
}

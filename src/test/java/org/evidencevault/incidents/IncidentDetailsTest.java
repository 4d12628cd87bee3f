package org.evidencevault.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.assertj.core.groups.Tuple;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.common.PartialDate;
import org.evidencevault.common.RuleViolation;
import org.evidencevault.incidents.ForensicTerms.Acquisition;
import org.evidencevault.incidents.ForensicTerms.Confidence;
import org.evidencevault.incidents.ForensicTerms.Method;
import org.evidencevault.incidents.ForensicTerms.Trigger;
import org.junit.jupiter.api.Test;

/** The rules of {@link IncidentDetails}, {@link ForensicConfirmation} and {@link InfectionEvent}, without Spring. */
class IncidentDetailsTest {

    private static final DefenderId AGUILAR = new DefenderId("d-aguilar");
    private static final DefenderId AGUIRRE = new DefenderId("d-aguirre");
    private static final OrganisationId NSO = new OrganisationId("o-nso");
    private static final OrganisationId SEDENA = new OrganisationId("o-sedena");
    private static final OrganisationId CITIZEN_LAB = new OrganisationId("o-citizenlab");
    private static final String REPORT = "https://citizenlab.ca/2023/04/nso-groups-pegasus-spyware-returns-in-2022/";

    // ---- the seed case is valid -------------------------------------------------------------------

    @Test
    void acceptsTheSeedCase() {
        IncidentDetails d = seedCase(seedEvents(), List.of(citizenLab()));
        assertThat(d.defenderIds()).containsExactly(AGUILAR, AGUIRRE);
        assertThat(d.infectionEvents()).extracting(e -> e.date().value())
                .containsExactly("2022-06-22", "2022-06-23", "2022-07-13", "2022-09-24", "2022-09-29");
        assertThat(d.forensicConfirmations()).singleElement().satisfies(c -> assertThat(c.isForensic()).isTrue());
    }

    @Test
    void listsEveryReferencedOrganisationWithItsField() {
        IncidentDetails d = seedCase(seedEvents(), List.of(citizenLab()));
        assertThat(d.organisationIds()).containsExactly(NSO, SEDENA, CITIZEN_LAB);
        assertThat(d.organisationReferences()).extracting(r -> r.field() + "=" + r.id()).containsExactly(
                "vendorOrganisationId=" + NSO, "suspectedOperatorOrganisationId=" + SEDENA,
                "forensicConfirmations[0].labOrganisationId=" + CITIZEN_LAB);
    }

    @Test
    void storedListsAreUnmodifiableCopies() {
        List<DefenderId> ids = new ArrayList<>(List.of(AGUILAR, AGUIRRE));
        IncidentDetails d = seedCase(ids, seedEvents(), List.of(citizenLab()));
        ids.add(new DefenderId("late-addition"));
        assertThat(d.defenderIds()).containsExactly(AGUILAR, AGUIRRE);
        assertThatThrownBy(() -> d.defenderIds().add(new DefenderId("x"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> d.infectionEvents().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void absentListsBecomeEmptyLists() {
        IncidentDetails d = new IncidentDetails("t", List.of(AGUILAR), Spyware.UNKNOWN, null, null, null,
                IncidentStatus.SUSPECTED, List.of(event("2022")), null, null);
        assertThat(d.forensicConfirmations()).isEmpty();
        assertThat(d.organisationIds()).isEmpty();
    }

    // ---- required parts ---------------------------------------------------------------------------

    @Test
    void rejectsMissingOrBlankTitle() {
        assertViolations(() -> withTitle(null), tuple("title", "required"));
        assertViolations(() -> withTitle("   "), tuple("title", "required"));
    }

    @Test
    void rejectsTitleLongerThan300Characters() {
        assertThat(withTitle("x".repeat(300)).title()).hasSize(300);
        assertViolations(() -> withTitle("x".repeat(301)), tuple("title", "max-length"));
    }

    @Test
    void rejectsIncidentWithoutDefenders() {
        assertViolations(() -> seedCase(null, List.of(event("2022")), List.of(citizenLab())), tuple("defenderIds", "required"));
        assertViolations(() -> seedCase(List.of(), List.of(event("2022")), List.of(citizenLab())), tuple("defenderIds", "required"));
    }

    @Test
    void rejectsMoreThan100Defenders() {
        List<DefenderId> hundred = IntStream.range(0, 100).mapToObj(i -> new DefenderId("d" + i)).toList();
        assertThat(seedCase(hundred, List.of(event("2022")), List.of(citizenLab())).defenderIds()).hasSize(100);
        List<DefenderId> tooMany = IntStream.range(0, 101).mapToObj(i -> new DefenderId("d" + i)).toList();
        assertViolations(() -> seedCase(tooMany, List.of(event("2022")), List.of(citizenLab())), tuple("defenderIds", "max-items"));
    }

    @Test
    void rejectsRepeatedDefender() {
        assertViolations(() -> seedCase(List.of(AGUILAR, AGUIRRE, AGUILAR), List.of(event("2022")), List.of(citizenLab())),
                tuple("defenderIds", "unique"));
    }

    @Test
    void rejectsNullDefenderIdWithItsIndex() {
        assertViolations(() -> seedCase(Arrays.asList(AGUILAR, null), List.of(event("2022")), List.of(citizenLab())),
                tuple("defenderIds[1]", "required"));
    }

    @Test
    void rejectsMissingSpywareAndStatus() {
        assertViolations(() -> new IncidentDetails("t", List.of(AGUILAR), null, null, null, null, null,
                        List.of(event("2022")), List.of(), null),
                tuple("spyware", "required"), tuple("status", "required"));
    }

    @Test
    void rejectsIncidentWithoutInfectionEvents() {
        assertViolations(() -> seedCase(null, List.of(citizenLab())), tuple("infectionEvents", "required"));
        assertViolations(() -> seedCase(List.of(), List.of(citizenLab())), tuple("infectionEvents", "required"));
    }

    @Test
    void rejectsMoreThan500InfectionEvents() {
        List<InfectionEvent> many = Collections.nCopies(500, event("2022"));
        assertThat(seedCase(many, List.of(citizenLab())).infectionEvents()).hasSize(500);
        List<InfectionEvent> tooMany = Collections.nCopies(501, event("2022"));
        assertViolations(() -> seedCase(tooMany, List.of(citizenLab())), tuple("infectionEvents", "max-items"));
    }

    @Test
    void rejectsNullInfectionEventWithItsIndex() {
        assertViolations(() -> seedCase(Arrays.asList(event("2022-06-22"), null), List.of(citizenLab())),
                tuple("infectionEvents[1]", "required"));
    }

    @Test
    void rejectsNullForensicConfirmationWithItsIndex() {
        assertViolations(() -> seedCase(seedEvents(), Arrays.asList(citizenLab(), null)),
                tuple("forensicConfirmations[1]", "required"));
    }

    @Test
    void rejectsContextNotesLongerThan20000Characters() {
        assertThat(withNotes("n".repeat(20_000)).contextNotes()).hasSize(20_000);
        assertViolations(() -> withNotes("n".repeat(20_001)), tuple("contextNotes", "max-length"));
    }

    @Test
    void rejectsOperatorInvolvementWithoutOperator() {
        assertViolations(() -> new IncidentDetails("t", List.of(AGUILAR), Spyware.PEGASUS, NSO, null,
                        Involvement.SUSPECTED_OF_INVOLVEMENT, IncidentStatus.SUSPECTED, List.of(event("2022")), List.of(), null),
                tuple("operatorInvolvement", "needs-operator"));
    }

    @Test
    void acceptsOperatorWithoutInvolvement() {
        IncidentDetails d = new IncidentDetails("t", List.of(AGUILAR), Spyware.PEGASUS, NSO, SEDENA, null,
                IncidentStatus.SUSPECTED, List.of(event("2022")), List.of(), null);
        assertThat(d.operatorInvolvement()).isNull();
    }

    // ---- device owners ----------------------------------------------------------------------------

    @Test
    void acceptsDeviceOwnerAmongTheDefenders() {
        IncidentDetails d = seedCase(List.of(new InfectionEvent(PartialDate.of("2016"), AGUIRRE, null,
                IncidentStatus.ATTEMPTED_TARGETING)), List.of(citizenLab()));
        assertThat(d.infectionEvents().get(0).deviceOwnerId()).isEqualTo(AGUIRRE);
    }

    @Test
    void rejectsDeviceOwnerNotAmongTheDefenders() {
        List<InfectionEvent> events = List.of(event("2022-06-22"),
                new InfectionEvent(PartialDate.of("2022-06-23"), new DefenderId("someone-else"), null, IncidentStatus.CONFIRMED_INFECTION));
        assertViolations(() -> seedCase(events, List.of(citizenLab())),
                tuple("infectionEvents[1].deviceOwnerId", "defender-of-incident"));
    }

    // ---- rule 5: no infection after a trigger -----------------------------------------------------

    @Test
    void rejectsInfectionDateAfterTrigger() {
        List<InfectionEvent> events = List.of(event("2022-06-22"), event("2022-12-16"), event("2022-12-15"));
        assertViolations(() -> seedCase(events, List.of(citizenLab())),
                tuple("infectionEvents[1].date", "infection-before-trigger"));
    }

    @Test
    void reportsInfectionAfterEachTriggerItFollows() {
        ForensicConfirmation early = new ForensicConfirmation(CITIZEN_LAB, Trigger.LAB_SCAN, PartialDate.of("2022-08"),
                null, Method.MVT, null, null, null, null);
        InvalidInputException e = rejected(() -> seedCase(seedEvents(), List.of(citizenLab(), early)));
        assertThat(e.violations()).extracting(RuleViolation::field, RuleViolation::rule).containsExactly(
                tuple("infectionEvents[3].date", "infection-before-trigger"),
                tuple("infectionEvents[4].date", "infection-before-trigger"));
        assertThat(e.violations()).allSatisfy(v -> assertThat(v.message()).contains("forensicConfirmations[1]"));
    }

    @Test
    void comparesInfectionAndTriggerAtTheCoarserPrecision() {
        // the infection month contains the trigger day, so it can have happened before it
        assertThat(seedCase(List.of(event("2022-12")), List.of(citizenLab())).infectionEvents()).hasSize(1);
        assertThat(seedCase(List.of(event("2022")), List.of(citizenLab())).infectionEvents()).hasSize(1);
        assertThat(seedCase(List.of(event("2022-12-15")), List.of(citizenLab())).infectionEvents()).hasSize(1);
        // a day late in the trigger's month is still possible when the trigger is only known to the month
        ForensicConfirmation monthOnly = new ForensicConfirmation(CITIZEN_LAB, Trigger.APPLE_THREAT_NOTIFICATION,
                PartialDate.of("2022-12"), null, Method.LAB_PROPRIETARY, null, null, null, Confidence.HIGH);
        assertThat(seedCase(List.of(event("2022-12-31")), List.of(monthOnly)).infectionEvents()).hasSize(1);
        // ...but not a day in the following month or year
        assertViolations(() -> seedCase(List.of(event("2023-01-01")), List.of(monthOnly)),
                tuple("infectionEvents[0].date", "infection-before-trigger"));
        assertViolations(() -> seedCase(List.of(event("2023")), List.of(citizenLab())),
                tuple("infectionEvents[0].date", "infection-before-trigger"));
        assertViolations(() -> seedCase(List.of(event("2023-01")), List.of(citizenLab())),
                tuple("infectionEvents[0].date", "infection-before-trigger"));
    }

    @Test
    void ignoresConfirmationsWithoutTriggerDateForInfectionOrder() {
        ForensicConfirmation undated = new ForensicConfirmation(CITIZEN_LAB, Trigger.SELF_REFERRAL, null, null,
                Method.MVT, null, null, null, null);
        assertThat(seedCase(List.of(event("2024-01-01")), List.of(undated)).infectionEvents()).hasSize(1);
    }

    @Test
    void comparesRangeInfectionByItsEarliestDay() {
        assertThat(seedCase(List.of(event("2022-11/2023-02")), List.of(citizenLab())).infectionEvents()).hasSize(1);
        assertViolations(() -> seedCase(List.of(event("2022-12-16/2023-02")), List.of(citizenLab())),
                tuple("infectionEvents[0].date", "infection-before-trigger"));
    }

    // ---- a notification is a lead, not a confirmation ---------------------------------------------

    @Test
    void rejectsConfirmedInfectionWithOnlyAppleNotification() {
        ForensicConfirmation notification = new ForensicConfirmation(null, Trigger.APPLE_THREAT_NOTIFICATION,
                PartialDate.of("2022-12-15"), null, null, null, null, null, null);
        assertThat(notification.isForensic()).isFalse();
        assertViolations(() -> seedCase(seedEvents(), List.of(notification)), tuple("status", "confirmation-needs-lab"));
    }

    @Test
    void rejectsConfirmedInfectionWithoutAnyConfirmation() {
        assertViolations(() -> seedCase(seedEvents(), List.of()), tuple("status", "confirmation-needs-lab"));
    }

    @Test
    void rejectsConfirmedInfectionWithLabButNoMethodOrMethodButNoLab() {
        ForensicConfirmation labOnly = new ForensicConfirmation(CITIZEN_LAB, Trigger.APPLE_THREAT_NOTIFICATION,
                PartialDate.of("2022-12-15"), Acquisition.ITUNES_BACKUP, null, null, null, null, null);
        ForensicConfirmation methodOnly = new ForensicConfirmation(null, Trigger.APPLE_THREAT_NOTIFICATION,
                PartialDate.of("2022-12-15"), null, Method.MVT, null, null, null, null);
        assertThat(labOnly.isForensic()).isFalse();
        assertThat(methodOnly.isForensic()).isFalse();
        assertViolations(() -> seedCase(seedEvents(), List.of(labOnly, methodOnly)), tuple("status", "confirmation-needs-lab"));
    }

    @Test
    void acceptsConfirmedInfectionWhenAnyConfirmationIsForensic() {
        ForensicConfirmation notification = new ForensicConfirmation(null, Trigger.APPLE_THREAT_NOTIFICATION,
                PartialDate.of("2022-12-15"), null, null, null, null, null, null);
        IncidentDetails d = seedCase(seedEvents(), List.of(notification, citizenLab()));
        assertThat(d.status()).isEqualTo(IncidentStatus.CONFIRMED_INFECTION);
    }

    @Test
    void acceptsNotificationAloneForStatusesShortOfConfirmation() {
        ForensicConfirmation notification = new ForensicConfirmation(null, Trigger.APPLE_THREAT_NOTIFICATION,
                PartialDate.of("2022-12-15"), null, null, null, null, null, null);
        for (IncidentStatus status : List.of(IncidentStatus.SUSPECTED, IncidentStatus.ATTEMPTED_TARGETING,
                IncidentStatus.INCONCLUSIVE, IncidentStatus.NO_EVIDENCE)) {
            IncidentDetails d = new IncidentDetails("t", List.of(AGUILAR), Spyware.UNKNOWN, null, null, null, status,
                    seedEvents(), List.of(notification), null);
            assertThat(d.status()).isEqualTo(status);
        }
    }

    // ---- several violations at once ---------------------------------------------------------------

    @Test
    void reportsEveryViolationAtOnce() {
        ForensicConfirmation notification = new ForensicConfirmation(null, Trigger.APPLE_THREAT_NOTIFICATION,
                PartialDate.of("2022-12-15"), null, null, null, null, null, null);
        List<InfectionEvent> events = List.of(event("2022-06-22"), event("2023-01-02"),
                new InfectionEvent(PartialDate.of("2022-07-13"), new DefenderId("stranger"), null, null));
        InvalidInputException e = rejected(() -> new IncidentDetails(" ", List.of(AGUILAR, AGUILAR), null, NSO, null,
                Involvement.DIRECT_PERPETRATOR, IncidentStatus.CONFIRMED_INFECTION, events, List.of(notification),
                "n".repeat(20_001)));
        assertThat(e.violations()).extracting(RuleViolation::field, RuleViolation::rule).containsExactlyInAnyOrder(
                tuple("title", "required"),
                tuple("defenderIds", "unique"),
                tuple("spyware", "required"),
                tuple("contextNotes", "max-length"),
                tuple("operatorInvolvement", "needs-operator"),
                tuple("infectionEvents[1].date", "infection-before-trigger"),
                tuple("infectionEvents[2].deviceOwnerId", "defender-of-incident"),
                tuple("status", "confirmation-needs-lab"));
        assertThat(e.violations()).allSatisfy(v -> assertThat(v.message()).isNotBlank());
    }

    // ---- ForensicConfirmation ---------------------------------------------------------------------

    @Test
    void acceptsTheCitizenLabConfirmation() {
        ForensicConfirmation c = citizenLab();
        assertThat(c.isForensic()).isTrue();
        assertThat(c.triggerDate()).isEqualTo(PartialDate.of("2022-12-15"));
        assertThat(c.publishedOn()).isEqualTo(PartialDate.of("2023-04-18"));
    }

    @Test
    void rejectsConfirmationWithoutTrigger() {
        assertViolations(() -> new ForensicConfirmation(CITIZEN_LAB, null, null, null, Method.MVT, null, null, null, null),
                tuple("trigger", "required"));
    }

    @Test
    void rejectsReportUrlThatIsNotAbsoluteHttps() {
        for (String url : List.of("http://citizenlab.ca/report", "ftp://citizenlab.ca/report", "citizenlab.ca/report",
                "/2023/04/report", "https:///no-host", "https://exa mple.org/", "javascript:alert(1)", "")) {
            assertViolations(() -> confirmationWithUrl(url), tuple("reportUrl", "https-url"));
        }
    }

    @Test
    void acceptsHttpsReportUrlInAnyCase() {
        assertThat(confirmationWithUrl("HTTPS://citizenlab.ca/report").reportUrl()).isEqualTo("HTTPS://citizenlab.ca/report");
        assertThat(confirmationWithUrl(null).reportUrl()).isNull();
    }

    @Test
    void rejectsReportUrlLongerThan2000Characters() {
        String prefix = "https://citizenlab.ca/";
        assertThat(confirmationWithUrl(prefix + "a".repeat(2000 - prefix.length())).reportUrl()).hasSize(2000);
        assertViolations(() -> confirmationWithUrl(prefix + "a".repeat(2001 - prefix.length())),
                tuple("reportUrl", "max-length"));
    }

    @Test
    void rejectsTriggerAfterConfirmation() {
        assertViolations(() -> dated("2022-12-15", "2022-12-14", null), tuple("confirmedOn", "trigger-before-confirmation"));
    }

    @Test
    void rejectsConfirmationAfterPublication() {
        assertViolations(() -> dated(null, "2023-04-19", "2023-04-18"), tuple("publishedOn", "confirmation-before-publication"));
    }

    @Test
    void rejectsTriggerAfterPublication() {
        assertViolations(() -> dated("2023-04-19", null, "2023-04-18"), tuple("publishedOn", "trigger-before-publication"));
    }

    @Test
    void acceptsSameDayTriggerConfirmationAndPublication() {
        ForensicConfirmation c = dated("2023-04-18", "2023-04-18", "2023-04-18");
        assertThat(c.confirmedOn()).isEqualTo(PartialDate.of("2023-04-18"));
    }

    @Test
    void comparesConfirmationDatesAtTheCoarserPrecision() {
        assertThat(dated("2022-12-15", "2022-12", "2022-12-20").publishedOn()).isEqualTo(PartialDate.of("2022-12-20"));
        assertThat(dated("2023", "2023-01-01", "2023-01").confirmedOn()).isEqualTo(PartialDate.of("2023-01-01"));
        assertViolations(() -> dated("2022-12-15", "2022-11", null), tuple("confirmedOn", "trigger-before-confirmation"));
    }

    @Test
    void reportsEveryConfirmationViolationAtOnce() {
        InvalidInputException e = rejected(() -> new ForensicConfirmation(CITIZEN_LAB, null, PartialDate.of("2023-05-01"),
                null, Method.MVT, PartialDate.of("2023-04-30"), PartialDate.of("2023-04-18"), "http://citizenlab.ca/", null));
        assertThat(e.violations()).extracting(RuleViolation::field, RuleViolation::rule).containsExactlyInAnyOrder(
                tuple("trigger", "required"),
                tuple("reportUrl", "https-url"),
                tuple("confirmedOn", "trigger-before-confirmation"),
                tuple("publishedOn", "confirmation-before-publication"),
                tuple("publishedOn", "trigger-before-publication"));
    }

    // ---- InfectionEvent ---------------------------------------------------------------------------

    @Test
    void rejectsInfectionEventWithoutDate() {
        assertViolations(() -> new InfectionEvent(null, null, null, null), tuple("date", "required"));
    }

    @Test
    void rejectsExploitNameLongerThan100Characters() {
        assertThat(new InfectionEvent(PartialDate.of("2021"), null, "F".repeat(100), null).exploitName()).hasSize(100);
        assertViolations(() -> new InfectionEvent(PartialDate.of("2021"), null, "F".repeat(101), null),
                tuple("exploitName", "max-length"));
    }

    @Test
    void blankExploitNameIsDropped() {
        assertThat(new InfectionEvent(PartialDate.of("2021"), null, "  ", null).exploitName()).isNull();
        assertThat(new InfectionEvent(PartialDate.of("2021"), null, "FORCEDENTRY", null).exploitName()).isEqualTo("FORCEDENTRY");
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private static InfectionEvent event(String date) {
        return new InfectionEvent(PartialDate.of(date), null, null, IncidentStatus.CONFIRMED_INFECTION);
    }

    private static List<InfectionEvent> seedEvents() {
        return List.of(event("2022-06-22"), event("2022-06-23"), event("2022-07-13"), event("2022-09-24"), event("2022-09-29"));
    }

    private static ForensicConfirmation citizenLab() {
        return new ForensicConfirmation(CITIZEN_LAB, Trigger.APPLE_THREAT_NOTIFICATION, PartialDate.of("2022-12-15"), null,
                Method.LAB_PROPRIETARY, null, PartialDate.of("2023-04-18"), REPORT, Confidence.HIGH);
    }

    private static ForensicConfirmation confirmationWithUrl(String url) {
        return new ForensicConfirmation(CITIZEN_LAB, Trigger.LAB_SCAN, null, null, Method.MVT, null, null, url, null);
    }

    private static ForensicConfirmation dated(String trigger, String confirmed, String published) {
        return new ForensicConfirmation(CITIZEN_LAB, Trigger.APPLE_THREAT_NOTIFICATION, date(trigger), null, Method.MVT,
                date(confirmed), date(published), REPORT, Confidence.MEDIUM);
    }

    private static PartialDate date(String v) {
        return v == null ? null : PartialDate.of(v);
    }

    private static IncidentDetails seedCase(List<InfectionEvent> events, List<ForensicConfirmation> confirmations) {
        return seedCase(List.of(AGUILAR, AGUIRRE), events, confirmations);
    }

    private static IncidentDetails seedCase(List<DefenderId> defenders, List<InfectionEvent> events,
                                            List<ForensicConfirmation> confirmations) {
        return new IncidentDetails("Pegasus infections of two Centro Prodh defenders, Jun–Sep 2022", defenders,
                Spyware.PEGASUS, NSO, SEDENA, Involvement.SUSPECTED_OF_INVOLVEMENT, IncidentStatus.CONFIRMED_INFECTION,
                events, confirmations, "context");
    }

    private static IncidentDetails withTitle(String title) {
        return new IncidentDetails(title, List.of(AGUILAR), Spyware.PEGASUS, null, null, null, IncidentStatus.SUSPECTED,
                List.of(event("2022")), List.of(), null);
    }

    private static IncidentDetails withNotes(String notes) {
        return new IncidentDetails("t", List.of(AGUILAR), Spyware.PEGASUS, null, null, null, IncidentStatus.SUSPECTED,
                List.of(event("2022")), List.of(), notes);
    }

    private static InvalidInputException rejected(Runnable build) {
        try {
            build.run();
        } catch (InvalidInputException e) {
            return e;
        }
        throw new AssertionError("expected InvalidInputException");
    }

    private static void assertViolations(Runnable build, Tuple... expected) {
        assertThat(rejected(build).violations()).extracting(RuleViolation::field, RuleViolation::rule)
                .containsExactly(expected);
    }
}

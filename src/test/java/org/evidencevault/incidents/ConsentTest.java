package org.evidencevault.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.assertj.core.groups.Tuple;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.common.RuleViolation;
import org.evidencevault.incidents.Consent.Purpose;
import org.junit.jupiter.api.Test;

/** {@link Consent} and the consent rules of {@link DefenderProfile}, without Spring. */
class ConsentTest {

    private static final LocalDate DISCLOSURE = LocalDate.of(2023, 4, 18);

    // ---- Consent.activeOn -------------------------------------------------------------------------

    @Test
    void isActiveFromTheDayItIsGranted() {
        Consent c = new Consent(Purpose.PUBLIC_NAMING, DISCLOSURE, null, null);
        assertThat(c.activeOn(DISCLOSURE.minusDays(1))).isFalse();
        assertThat(c.activeOn(DISCLOSURE)).isTrue();
        assertThat(c.activeOn(DISCLOSURE.plusYears(10))).isTrue();
    }

    @Test
    void isNoLongerActiveFromTheDayItIsWithdrawn() {
        LocalDate withdrawn = LocalDate.of(2024, 1, 10);
        Consent c = new Consent(Purpose.PUBLIC_NAMING, DISCLOSURE, withdrawn, "withdrawn by phone");
        assertThat(c.activeOn(withdrawn.minusDays(1))).isTrue();
        assertThat(c.activeOn(withdrawn)).isFalse();
        assertThat(c.activeOn(withdrawn.plusDays(1))).isFalse();
    }

    @Test
    void consentWithdrawnOnTheDayItIsGrantedIsNeverActive() {
        Consent c = new Consent(Purpose.STORAGE, DISCLOSURE, DISCLOSURE, null);
        assertThat(c.activeOn(DISCLOSURE.minusDays(1))).isFalse();
        assertThat(c.activeOn(DISCLOSURE)).isFalse();
        assertThat(c.activeOn(DISCLOSURE.plusDays(1))).isFalse();
    }

    @Test
    void rejectsConsentWithdrawnBeforeGranted() {
        assertViolations(() -> new Consent(Purpose.PUBLIC_NAMING, DISCLOSURE, DISCLOSURE.minusDays(1), null),
                tuple("withdrawnOn", "withdrawal-after-grant"));
    }

    @Test
    void rejectsConsentWithoutPurposeOrGrantDate() {
        assertViolations(() -> new Consent(null, null, DISCLOSURE, null),
                tuple("purpose", "required"), tuple("grantedOn", "required"));
    }

    @Test
    void rejectsConsentNoteLongerThan2000Characters() {
        assertThat(new Consent(Purpose.STORAGE, DISCLOSURE, null, "n".repeat(2000)).note()).hasSize(2000);
        assertViolations(() -> new Consent(Purpose.STORAGE, DISCLOSURE, null, "n".repeat(2001)), tuple("note", "max-length"));
    }

    // ---- DefenderProfile: rule 8, public naming ---------------------------------------------------

    @Test
    void publicNamingIsAllowedWithActivePublicNamingConsent() {
        DefenderProfile p = profile(List.of(new Consent(Purpose.PUBLIC_NAMING, DISCLOSURE, null, "named themselves")));
        assertThat(p.hasActiveConsent(Purpose.PUBLIC_NAMING, DISCLOSURE)).isTrue();
        p.requirePublicNamingConsent(DISCLOSURE);
        p.requirePublicNamingConsent(DISCLOSURE.plusYears(1));
    }

    @Test
    void publicNamingIsRefusedBeforeConsentIsGranted() {
        DefenderProfile p = profile(List.of(new Consent(Purpose.PUBLIC_NAMING, DISCLOSURE, null, null)));
        assertPublicNamingRefused(p, DISCLOSURE.minusDays(1));
    }

    @Test
    void publicNamingIsRefusedWithoutAnyConsent() {
        assertPublicNamingRefused(profile(List.of()), DISCLOSURE);
        assertPublicNamingRefused(profile(null), DISCLOSURE);
    }

    @Test
    void publicNamingIsRefusedWithOnlyOtherPurposes() {
        DefenderProfile p = profile(List.of(
                new Consent(Purpose.STORAGE, DISCLOSURE.minusYears(1), null, null),
                new Consent(Purpose.SHARE_WITH_UN, DISCLOSURE.minusYears(1), null, null),
                new Consent(Purpose.SHARE_WITH_PARTNER_LAB, DISCLOSURE.minusYears(1), null, null)));
        assertThat(p.hasActiveConsent(Purpose.STORAGE, DISCLOSURE)).isTrue();
        assertPublicNamingRefused(p, DISCLOSURE);
    }

    @Test
    void publicNamingIsRefusedOnceConsentIsWithdrawn() {
        LocalDate withdrawn = LocalDate.of(2024, 1, 10);
        DefenderProfile p = profile(List.of(new Consent(Purpose.PUBLIC_NAMING, DISCLOSURE, withdrawn, null)));
        p.requirePublicNamingConsent(withdrawn.minusDays(1));
        assertPublicNamingRefused(p, withdrawn);
    }

    @Test
    void publicNamingIsAllowedAgainAfterANewGrant() {
        LocalDate withdrawn = LocalDate.of(2024, 1, 10);
        LocalDate regranted = LocalDate.of(2024, 6, 1);
        DefenderProfile p = profile(List.of(
                new Consent(Purpose.PUBLIC_NAMING, DISCLOSURE, withdrawn, null),
                new Consent(Purpose.PUBLIC_NAMING, regranted, null, null)));
        assertPublicNamingRefused(p, regranted.minusDays(1));
        p.requirePublicNamingConsent(regranted);
    }

    // ---- DefenderProfile: other rules -------------------------------------------------------------

    @Test
    void rejectsRepeatedPurposeWithSameGrantDate() {
        assertViolations(() -> profile(List.of(
                        new Consent(Purpose.PUBLIC_NAMING, DISCLOSURE, null, null),
                        new Consent(Purpose.PUBLIC_NAMING, DISCLOSURE, DISCLOSURE.plusDays(3), "again"))),
                tuple("consents", "unique"));
    }

    @Test
    void rejectsNullConsentWithItsIndex() {
        assertViolations(() -> profile(Arrays.asList(new Consent(Purpose.STORAGE, DISCLOSURE, null, null), null)),
                tuple("consents[1]", "required"));
    }

    @Test
    void rejectsMoreThan50Consents() {
        List<Consent> fifty = IntStream.range(0, 50)
                .mapToObj(i -> new Consent(Purpose.STORAGE, DISCLOSURE.plusDays(i), null, null)).toList();
        assertThat(profile(fifty).consents()).hasSize(50);
        List<Consent> tooMany = new ArrayList<>(fifty);
        tooMany.add(new Consent(Purpose.STORAGE, DISCLOSURE.minusDays(1), null, null));
        assertViolations(() -> profile(tooMany), tuple("consents", "max-items"));
    }

    @Test
    void rejectsCountryThatIsNotIsoAlpha3() {
        for (String country : List.of("MX", "mex", "XXX", "Mexico", "")) {
            assertViolations(() -> new DefenderProfile("A. Defender", null, null, country, null, List.of()),
                    tuple("country", "iso-3166-alpha-3"));
        }
        assertThat(new DefenderProfile("A. Defender", null, null, "MEX", null, List.of()).country()).isEqualTo("MEX");
    }

    @Test
    void rejectsMissingNameAndOverlongFields() {
        assertViolations(() -> new DefenderProfile(" ", null, "r".repeat(301), null, "c".repeat(2001), List.of()),
                tuple("fullName", "required"), tuple("role", "max-length"), tuple("contact", "max-length"));
        assertViolations(() -> new DefenderProfile("n".repeat(301), null, null, null, null, List.of()),
                tuple("fullName", "max-length"));
    }

    @Test
    void consentsAreAnUnmodifiableCopy() {
        List<Consent> consents = new ArrayList<>(List.of(new Consent(Purpose.STORAGE, DISCLOSURE, null, null)));
        DefenderProfile p = profile(consents);
        consents.clear();
        assertThat(p.consents()).hasSize(1);
        assertThatThrownBy(() -> p.consents().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    private static DefenderProfile profile(List<Consent> consents) {
        return new DefenderProfile("María Luisa Aguilar Rodríguez", new OrganisationId("org-prodh"), "Coordinator of the International Area",
                "MEX", null, consents);
    }

    private static void assertPublicNamingRefused(DefenderProfile p, LocalDate day) {
        assertThat(p.hasActiveConsent(Purpose.PUBLIC_NAMING, day)).isFalse();
        assertThatThrownBy(() -> p.requirePublicNamingConsent(day))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .extracting(RuleViolation::field, RuleViolation::rule)
                        .containsExactly(tuple("consents", "public-naming-consent")));
    }

    private static void assertViolations(Runnable build, Tuple... expected) {
        assertThatThrownBy(build::run)
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .extracting(RuleViolation::field, RuleViolation::rule)
                        .containsExactly(expected));
    }
}

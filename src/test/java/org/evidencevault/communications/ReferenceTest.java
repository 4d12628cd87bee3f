package org.evidencevault.communications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.evidencevault.common.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The reference grammar ({@code TYPE ADDRESSEE N/YYYY}), the identity it yields, and UN document symbols. */
class ReferenceTest {

    @Test
    void readsTheSeedReference() {
        Reference r = Reference.parse("AL OTH 62/2023", "reference");
        assertThat(r.type()).isEqualTo(CommunicationType.AL);
        assertThat(r.key()).isEqualTo(new CommunicationKey("OTH", 62, 2023));
        assertThat(r.printed()).isEqualTo("AL OTH 62/2023");
        assertThat(r.key().toString()).isEqualTo("OTH 62/2023");
        assertThat(r.key().id()).isEqualTo("OTH-62-2023");
    }

    @Test
    void citedFormWithoutTypeAndPrintedFormAreTheSameLetter() {
        CommunicationKey cited = Reference.parseKey("OTH 211/2021", "ref");
        CommunicationKey printed = Reference.parseKey("AL OTH 211/2021", "ref");
        assertThat(cited).isEqualTo(printed).isEqualTo(new CommunicationKey("OTH", 211, 2021));
        assertThat(Reference.parseKey("JAL OTH 211/2021", "ref")).isEqualTo(cited);
    }

    @ParameterizedTest
    @CsvSource({
            "UA MEX 5/2023, UA, MEX, 5, 2023",
            "OL ISR 11/2023, OL, ISR, 11, 2023",
            "JUA MEX 8/2009, JUA, MEX, 8, 2009",
            "JAL OTH 1/2010, JAL, OTH, 1, 2010",
            "JOL GBR 99999/2011, JOL, GBR, 99999, 2011",
            "'  al   oth 62/2023 ', AL, OTH, 62, 2023",
            "'AL\u00A0OTH\u00A062/2023', AL, OTH, 62, 2023"})
    void acceptsEveryTypeIncludingLegacyAndForgivesCaseAndSpacing(String text, String type, String addressee, int number, int year) {
        Reference r = Reference.parse(text, "reference");
        assertThat(r.type()).isEqualTo(CommunicationType.valueOf(type));
        assertThat(r.key()).isEqualTo(new CommunicationKey(addressee, number, year));
    }

    @ParameterizedTest
    @CsvSource({
            "AL OTH 62-2023, reference-format",
            "AL OTH 62/23, reference-format",
            "AL OTH 062/2023, reference-format",
            "AL OTH 0/2023, reference-format",
            "AL OTH 123456/2023, reference-format",
            "AL OTH 62/2023/1, reference-format",
            "AL-OTH-62/2023, reference-format",
            "AL OTH62/2023, reference-format",
            "AL MX 5/2023, iso-3166-alpha-3",
            "AL XYZ 5/2023, iso-3166-alpha-3",
            "AL MEXICO 5/2023, iso-3166-alpha-3",
            "XX OTH 5/2023, reference-type",
            "OTH 5/2023, reference-type",
            "'', required"})
    void refusesMalformedReferencesNamingFieldAndRule(String text, String rule) {
        assertThatThrownBy(() -> Reference.parse(text, "reference"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.violations()).hasSize(1);
                    assertThat(e.violations().get(0).field()).isEqualTo("reference");
                    assertThat(e.violations().get(0).rule()).isEqualTo(rule);
                });
    }

    @Test
    void keyIdsRoundTripAndRefuseAnythingElse() {
        CommunicationKey k = new CommunicationKey("OTH", 211, 2021);
        assertThat(CommunicationKey.fromId(k.id())).contains(k);
        for (String bad : List.of("OTH 211/2021", "oth-211-2021", "XYZ-1-2020", "OTH-0-2020", "OTH-01-2020", "OTH-1-20",
                "../etc", "", "00000000-0000-4000-8000-000000000000")) {
            assertThat(CommunicationKey.fromId(bad)).as(bad).isEmpty();
        }
        assertThat(CommunicationKey.fromId(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"A/HRC/53/24/Add.2", "A/HRC/47/39/Add.2", "A/HRC/17/31", "E/CN.4/2006/95/Add.5",
            "CCPR/C/GC/34", "A/HRC/RES/52/4", "A/70/L.1", "S/RES/2231 (2015)", "A/HRC/53/24/Add.2/Corr.1", "A/78/270"})
    void acceptsUnDocumentSymbols(String symbol) {
        assertThat(DocumentSymbol.isValid(symbol)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/hrc/53/24", "A", "A/", "A//53", "A/HRC/53/24/", "HRC 53/24", "A/HRC/53/24/Add.",
            "A/HRC/53/24/Add.x", "https://undocs.org/A/HRC/53/24", "A/HRC/53 /24", "A/HRC/53/24 (23)", "1/HRC/53"})
    void refusesWhatIsNotASymbol(String symbol) {
        assertThat(DocumentSymbol.isValid(symbol)).isFalse();
    }
}

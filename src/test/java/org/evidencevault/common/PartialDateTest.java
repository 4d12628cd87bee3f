package org.evidencevault.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.evidencevault.common.PartialDate.Precision;
import org.junit.jupiter.api.Test;

class PartialDateTest {

    @Test
    void dayDenotesExactlyThatDay() {
        PartialDate d = new PartialDate("2022-06-22", Precision.DAY);
        assertThat(d.earliest()).isEqualTo(LocalDate.of(2022, 6, 22));
        assertThat(d.latest()).isEqualTo(LocalDate.of(2022, 6, 22));
    }

    @Test
    void monthDenotesItsFirstToLastDay() {
        PartialDate d = new PartialDate("2022-06", Precision.MONTH);
        assertThat(d.earliest()).isEqualTo(LocalDate.of(2022, 6, 1));
        assertThat(d.latest()).isEqualTo(LocalDate.of(2022, 6, 30));
    }

    @Test
    void februaryMonthEndsOnItsRealLastDay() {
        assertThat(new PartialDate("2024-02", Precision.MONTH).latest()).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(new PartialDate("2023-02", Precision.MONTH).latest()).isEqualTo(LocalDate.of(2023, 2, 28));
    }

    @Test
    void yearDenotesJanuaryFirstToDecemberThirtyFirst() {
        PartialDate d = new PartialDate("2016", Precision.YEAR);
        assertThat(d.earliest()).isEqualTo(LocalDate.of(2016, 1, 1));
        assertThat(d.latest()).isEqualTo(LocalDate.of(2016, 12, 31));
    }

    @Test
    void rangeOfMonthsRunsFromFirstDayOfStartToLastDayOfEnd() {
        PartialDate d = new PartialDate("2022-06/2022-09", Precision.RANGE);
        assertThat(d.earliest()).isEqualTo(LocalDate.of(2022, 6, 1));
        assertThat(d.latest()).isEqualTo(LocalDate.of(2022, 9, 30));
    }

    @Test
    void rangeMayMixPrecisionsOfItsEnds() {
        PartialDate d = new PartialDate("2022-06-22/2023", Precision.RANGE);
        assertThat(d.earliest()).isEqualTo(LocalDate.of(2022, 6, 22));
        assertThat(d.latest()).isEqualTo(LocalDate.of(2023, 12, 31));
    }

    @Test
    void rangeWithinOneMonthMayEndOnTheCoarserMonthItStartsIn() {
        PartialDate d = new PartialDate("2022-06-15/2022-06", Precision.RANGE);
        assertThat(d.earliest()).isEqualTo(LocalDate.of(2022, 6, 15));
        assertThat(d.latest()).isEqualTo(LocalDate.of(2022, 6, 30));
    }

    @Test
    void rejectsRangeEndingBeforeItStarts() {
        assertRejected(() -> new PartialDate("2022-09/2022-06", Precision.RANGE), "range-order");
        assertRejected(() -> new PartialDate("2022-06-23/2022-06-22", Precision.RANGE), "range-order");
    }

    @Test
    void rejectsRangeWithoutExactlyTwoEnds() {
        assertRejected(() -> new PartialDate("2022-06", Precision.RANGE), "range-format");
        assertRejected(() -> new PartialDate("2022/2023/2024", Precision.RANGE), "range-format");
    }

    @Test
    void rejectsRangeWithInvalidEnd() {
        assertRejected(() -> new PartialDate("2022-06/June", Precision.RANGE), "date-format");
        assertRejected(() -> new PartialDate("2022-06/", Precision.RANGE), "date-format");
        assertRejected(() -> new PartialDate("2022-02-30/2022-03", Precision.RANGE), "calendar-date");
    }

    @Test
    void acceptsLeapDayInLeapYear() {
        PartialDate d = new PartialDate("2024-02-29", Precision.DAY);
        assertThat(d.earliest()).isEqualTo(LocalDate.of(2024, 2, 29));
    }

    @Test
    void rejectsLeapDayInCommonYear() {
        assertRejected(() -> new PartialDate("2023-02-29", Precision.DAY), "calendar-date");
    }

    @Test
    void rejectsInvalidCalendarDates() {
        assertRejected(() -> new PartialDate("2022-02-30", Precision.DAY), "calendar-date");
        assertRejected(() -> new PartialDate("2022-13-01", Precision.DAY), "calendar-date");
        assertRejected(() -> new PartialDate("2022-04-31", Precision.DAY), "calendar-date");
        assertRejected(() -> new PartialDate("2022-13", Precision.MONTH), "calendar-date");
        assertRejected(() -> new PartialDate("2022-00", Precision.MONTH), "calendar-date");
    }

    @Test
    void rejectsValueNotMatchingItsPrecision() {
        assertRejected(() -> new PartialDate("2022-06", Precision.DAY), "precision-mismatch");
        assertRejected(() -> new PartialDate("2022-06-22", Precision.MONTH), "precision-mismatch");
        assertRejected(() -> new PartialDate("2022", Precision.MONTH), "precision-mismatch");
        assertRejected(() -> new PartialDate("2022-06", Precision.YEAR), "precision-mismatch");
    }

    @Test
    void rejectsUnparseableValue() {
        assertRejected(() -> new PartialDate("22-06-2022", Precision.DAY), "date-format");
        assertRejected(() -> new PartialDate("June 2022", Precision.MONTH), "date-format");
        assertRejected(() -> new PartialDate("2022-6-1", Precision.DAY), "date-format");
    }

    @Test
    void rejectsMissingValueAndPrecision() {
        assertRejected(() -> new PartialDate(null, Precision.DAY), "value", "required");
        assertRejected(() -> new PartialDate("  ", Precision.DAY), "value", "required");
        assertRejected(() -> new PartialDate("2022-06-22", null), "precision", "required");
    }

    @Test
    void ofDetectsThePrecision() {
        assertThat(PartialDate.of("2022-06-22").precision()).isEqualTo(Precision.DAY);
        assertThat(PartialDate.of("2022-06").precision()).isEqualTo(Precision.MONTH);
        assertThat(PartialDate.of("2016").precision()).isEqualTo(Precision.YEAR);
        assertThat(PartialDate.of("2022-06/2022-09").precision()).isEqualTo(Precision.RANGE);
        assertThat(PartialDate.day(LocalDate.of(2022, 12, 15))).isEqualTo(new PartialDate("2022-12-15", Precision.DAY));
    }

    @Test
    void notAfterComparesDaysExactly() {
        PartialDate a = PartialDate.of("2022-06-22");
        PartialDate b = PartialDate.of("2022-06-23");
        assertThat(a.notAfter(b)).isTrue();
        assertThat(b.notAfter(a)).isFalse();
        assertThat(a.notAfter(a)).isTrue();
    }

    @Test
    void notAfterMonthAgainstDayInsideItHoldsBothWays() {
        PartialDate month = PartialDate.of("2022-06");
        PartialDate day = PartialDate.of("2022-06-15");
        assertThat(month.notAfter(day)).isTrue();
        assertThat(day.notAfter(month)).isTrue();
    }

    @Test
    void notAfterMonthAgainstDayOutsideItHoldsOnlyOneWay() {
        PartialDate june = PartialDate.of("2022-06");
        PartialDate julyFirst = PartialDate.of("2022-07-01");
        PartialDate mayLast = PartialDate.of("2022-05-31");
        assertThat(june.notAfter(julyFirst)).isTrue();
        assertThat(julyFirst.notAfter(june)).isFalse();
        assertThat(mayLast.notAfter(june)).isTrue();
        assertThat(june.notAfter(mayLast)).isFalse();
    }

    @Test
    void notAfterYearAgainstDay() {
        PartialDate year = PartialDate.of("2022");
        assertThat(year.notAfter(PartialDate.of("2022-01-01"))).isTrue();
        assertThat(PartialDate.of("2022-12-31").notAfter(year)).isTrue();
        assertThat(PartialDate.of("2023-01-01").notAfter(year)).isFalse();
        assertThat(year.notAfter(PartialDate.of("2021-12-31"))).isFalse();
    }

    @Test
    void notAfterUsesRangeBounds() {
        PartialDate range = PartialDate.of("2022-06/2022-09");
        assertThat(range.notAfter(PartialDate.of("2022-06-01"))).isTrue();
        assertThat(range.notAfter(PartialDate.of("2022-05-31"))).isFalse();
        assertThat(PartialDate.of("2022-09-30").notAfter(range)).isTrue();
        assertThat(PartialDate.of("2022-10-01").notAfter(range)).isFalse();
    }

    @Test
    void equalityIsByValueAndPrecision() {
        assertThat(new PartialDate("2022-06-22", Precision.DAY)).isEqualTo(PartialDate.of("2022-06-22"))
                .hasSameHashCodeAs(PartialDate.of("2022-06-22"));
        assertThat(PartialDate.of("2022-06")).isNotEqualTo(PartialDate.of("2022-06/2022-06"));
        assertThat(PartialDate.of("2022-06").toString()).isEqualTo("2022-06 (MONTH)");
    }

    private static void assertRejected(Runnable build, String rule) {
        assertRejected(build, "value", rule);
    }

    private static void assertRejected(Runnable build, String field, String rule) {
        assertThatThrownBy(build::run)
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .extracting(RuleViolation::field, RuleViolation::rule)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(field, rule)));
    }
}

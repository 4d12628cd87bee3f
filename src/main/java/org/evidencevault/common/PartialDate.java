package org.evidencevault.common;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A date known to a precision: DAY {@code 2022-06-22}, MONTH {@code 2022-06}, YEAR {@code 2016}, or a
 * RANGE {@code 2022-06/2022-09} whose ends are themselves DAY, MONTH or YEAR dates. The value must
 * match its precision and a DAY must be a real calendar date.
 *
 * <p>Ordering rules compare what is possible: {@code a.notAfter(b)} holds when {@code a} can have
 * happened no later than {@code b}, i.e. the earliest day of {@code a} is not after the latest day of
 * {@code b}. For single dates this is comparison at the coarser precision.
 */
public record PartialDate(String value, Precision precision) {

    public enum Precision { DAY, MONTH, YEAR, RANGE }

    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
    private static final Pattern YEAR = Pattern.compile("\\d{4}");

    public PartialDate {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("value", "required", "is required");
        }
        if (precision == null) {
            throw new InvalidInputException("precision", "required", "is required (DAY, MONTH, YEAR or RANGE)");
        }
        if (precision == Precision.RANGE) {
            String[] ends = value.split("/", -1);
            if (ends.length != 2) {
                throw new InvalidInputException("value", "range-format", "a RANGE is two dates separated by '/', e.g. 2022-06/2022-09");
            }
            LocalDate start = bounds(ends[0], detect(ends[0]))[0];
            LocalDate end = bounds(ends[1], detect(ends[1]))[1];
            if (start.isAfter(end)) {
                throw new InvalidInputException("value", "range-order", "a RANGE must not end before it starts");
            }
        } else {
            if (detect(value) != precision) {
                throw new InvalidInputException("value", "precision-mismatch",
                        "does not match precision " + precision + " (expected " + example(precision) + ")");
            }
            bounds(value, precision);
        }
    }

    public static PartialDate of(String value) {
        return new PartialDate(value, value.contains("/") ? Precision.RANGE : detect(value));
    }

    public static PartialDate day(LocalDate date) {
        return new PartialDate(date.toString(), Precision.DAY);
    }

    /** The first day this date can denote. */
    public LocalDate earliest() {
        return precision == Precision.RANGE
                ? bounds(value.split("/")[0], detect(value.split("/")[0]))[0]
                : bounds(value, precision)[0];
    }

    /** The last day this date can denote. */
    public LocalDate latest() {
        if (precision == Precision.RANGE) {
            String end = value.split("/")[1];
            return bounds(end, detect(end))[1];
        }
        return bounds(value, precision)[1];
    }

    /** True when this date can be no later than {@code other} (compared at the coarser precision). */
    public boolean notAfter(PartialDate other) {
        return !earliest().isAfter(other.latest());
    }

    private static Precision detect(String v) {
        if (DAY.matcher(v).matches()) {
            return Precision.DAY;
        }
        if (MONTH.matcher(v).matches()) {
            return Precision.MONTH;
        }
        if (YEAR.matcher(v).matches()) {
            return Precision.YEAR;
        }
        throw new InvalidInputException("value", "date-format", "must be YYYY-MM-DD, YYYY-MM, YYYY or a range A/B");
    }

    private static LocalDate[] bounds(String v, Precision p) {
        try {
            return switch (p) {
                case DAY -> {
                    LocalDate d = LocalDate.parse(v);
                    yield new LocalDate[] {d, d};
                }
                case MONTH -> {
                    YearMonth m = YearMonth.parse(v);
                    yield new LocalDate[] {m.atDay(1), m.atEndOfMonth()};
                }
                case YEAR -> {
                    Year y = Year.parse(v);
                    yield new LocalDate[] {y.atDay(1), y.atMonth(12).atEndOfMonth()};
                }
                case RANGE -> throw new IllegalStateException("nested range");
            };
        } catch (DateTimeException e) {
            throw new InvalidInputException("value", "calendar-date", "is not a real calendar date");
        }
    }

    private static String example(Precision p) {
        return switch (p) {
            case DAY -> "2022-06-22";
            case MONTH -> "2022-06";
            case YEAR -> "2016";
            case RANGE -> "2022-06/2022-09";
        };
    }

    @Override
    public String toString() {
        return value + " (" + precision + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartialDate d && d.value.equals(value) && d.precision == precision;
    }

    @Override
    public int hashCode() {
        return Objects.hash(value, precision);
    }
}

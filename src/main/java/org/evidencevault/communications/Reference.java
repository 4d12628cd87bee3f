package org.evidencevault.communications;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.evidencevault.common.CountryCode;
import org.evidencevault.common.InvalidInputException;

/**
 * A letter's reference as printed, {@code TYPE ADDRESSEE NUMBER/YEAR} (e.g. {@code AL OTH 62/2023}), and
 * the grammar that reads it:
 * <pre>
 *   reference := [type " "] addressee " " number "/" year
 *   type      := "UA" | "AL" | "OL" | "JUA" | "JAL" | "JOL"        (the J forms are legacy, still accepted)
 *   addressee := an ISO 3166-1 alpha-3 State code (MEX, ISR) | "OTH" (non-State actors)
 *   number    := 1 to 99999, no leading zero
 *   year      := four digits, 1980 or later (Special Procedures communications began in the 1980s)
 * </pre>
 * Letters cite earlier ones without the type ({@code see OTH 211/2021}): {@link #parseKey} accepts both
 * forms; a letter's own reference ({@link #parse}) must name its type. Reading is forgiving about what
 * copying does to a reference (case, repeated or non-breaking spaces) and strict about everything else:
 * {@code AL OTH 62-2023} is {@code reference-format}, {@code AL MX 5/2023} and {@code AL XYZ 5/2023} are
 * {@code iso-3166-alpha-3}; control characters (a trailing line break included) are never trimmed away but
 * refused ({@code reference-format}). The upper bound of the year (next year) needs a clock and is checked
 * where letters are registered.
 */
public record Reference(CommunicationType type, CommunicationKey key) {

    /** The addressee code of letters to non-State actors (companies, armed groups...). */
    public static final String OTHER = "OTH";

    private static final Pattern SHAPE = Pattern.compile("^(?:([A-Z]+) )?([A-Z]+) (\\d+)/(\\d+)$");
    private static final Pattern NUMBER = Pattern.compile("[1-9]\\d{0,4}");
    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    /** The first year a reference may name. */
    public static final int MIN_YEAR = 1980;

    public Reference {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
    }

    /** As printed: {@code AL OTH 62/2023}. */
    public String printed() {
        return type + " " + key;
    }

    @Override
    public String toString() {
        return printed();
    }

    /** A letter's own reference: the type is required. Violations name {@code field}. */
    public static Reference parse(String text, String field) {
        Parsed p = read(text, field);
        if (p.type() == null) {
            throw new InvalidInputException(field, "reference-type",
                    "must start with the letter type: UA, AL or OL (legacy JUA, JAL, JOL), e.g. 'AL OTH 62/2023'");
        }
        return new Reference(p.type(), p.key());
    }

    /** A cited letter's identity, with or without the type ({@code OTH 211/2021}, {@code AL OTH 211/2021}). */
    public static CommunicationKey parseKey(String text, String field) {
        return read(text, field).key();
    }

    /** Whether {@code code} may address a letter: OTH or a real alpha-3 State code. */
    public static boolean isAddressee(String code) {
        return OTHER.equals(code) || CountryCode.isValid(code);
    }

    private record Parsed(CommunicationType type, CommunicationKey key) {
    }

    private static Parsed read(String text, String field) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(field, "required", "is required");
        }
        if (text.length() > 40) {
            throw new InvalidInputException(field, "reference-format", "is too long for a reference such as 'AL OTH 62/2023'");
        }
        if (text.chars().anyMatch(c -> c < 0x20 || c >= 0x7F && c <= 0x9F)) {
            throw new InvalidInputException(field, "reference-format", "must not contain control characters or line breaks");
        }
        String normal = text.replace('\u00A0', ' ').trim().replaceAll(" +", " ").toUpperCase(Locale.ROOT);
        Matcher m = SHAPE.matcher(normal);
        if (!m.matches()) {
            throw new InvalidInputException(field, "reference-format",
                    "must be TYPE ADDRESSEE NUMBER/YEAR, e.g. 'AL OTH 62/2023' (or 'OTH 62/2023' when citing)");
        }
        CommunicationType type = null;
        if (m.group(1) != null) {
            try {
                type = CommunicationType.valueOf(m.group(1));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(field, "reference-type",
                        "the letter type must be UA, AL or OL (legacy JUA, JAL, JOL)");
            }
        }
        String addressee = m.group(2);
        if (!isAddressee(addressee)) {
            throw new InvalidInputException(field, "iso-3166-alpha-3",
                    "the addressee must be an ISO 3166-1 alpha-3 State code such as MEX, or OTH for non-State actors");
        }
        if (!NUMBER.matcher(m.group(3)).matches()) {
            throw new InvalidInputException(field, "reference-format", "the number must be 1 to 99999, without leading zeros");
        }
        if (!YEAR.matcher(m.group(4)).matches()) {
            throw new InvalidInputException(field, "reference-format", "the year must have four digits, e.g. 2023");
        }
        if (Integer.parseInt(m.group(4)) < MIN_YEAR) {
            throw new InvalidInputException(field, "year-range", "the year must be " + MIN_YEAR + " or later");
        }
        return new Parsed(type, new CommunicationKey(addressee, Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
    }
}

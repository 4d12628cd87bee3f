package org.evidencevault.common;

import java.util.Locale;
import java.util.Set;

/** ISO 3166-1 alpha-3 country codes, from the JDK's own list (MEX, ISR, CAN...). */
public final class CountryCode {

    private static final Set<String> CODES = Set.copyOf(Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA3));

    private CountryCode() {
    }

    public static boolean isValid(String code) {
        return code != null && CODES.contains(code);
    }

    /** Adds a violation to {@code checks} unless {@code code} is null or a real alpha-3 code. */
    public static void check(Checks checks, String code, String field) {
        checks.require(code == null || isValid(code), field, "iso-3166-alpha-3",
                "must be an ISO 3166-1 alpha-3 country code such as MEX");
    }
}

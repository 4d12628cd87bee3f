package org.evidencevault.communications;

import java.util.regex.Pattern;
import org.evidencevault.common.Checks;

/**
 * A Special Procedures mandate on whose behalf a letter is sent, with the Human Rights Council
 * resolution it acts under (session/number), e.g. {@code SR_HRD} under {@code 52/4}. Codes are the
 * vault's short names (SR_HRD, WG_BUSINESS_HR, SR_FREEDOM_EXPRESSION, SR_FOAA, SR_PRIVACY...): capital
 * letters, digits and underscores.
 */
public record Mandate(String code, String hrcResolution) {

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{1,49}");
    private static final Pattern RESOLUTION = Pattern.compile("[1-9]\\d{0,2}/[1-9]\\d{0,2}");

    public Mandate {
        new Checks()
                .requirePresent(code, "code")
                .require(code == null || CODE.matcher(code).matches(), "code", "mandate-code",
                        "must be capital letters, digits and underscores, e.g. SR_HRD")
                .require(hrcResolution == null || RESOLUTION.matcher(hrcResolution).matches(), "hrcResolution",
                        "hrc-resolution", "must be a Human Rights Council resolution as session/number, e.g. 52/4")
                .throwIfAny();
    }
}

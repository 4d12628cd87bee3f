package org.evidencevault.common;

import java.util.Map;

/**
 * The published TOTP secrets (base32) of the demo accounts, listed in the README so a newcomer can pass
 * the second factor ({@code java -jar evidence-vault.jar totp officer}). They exist only in the {@code demo}
 * profile; never use them for anything real.
 */
public final class DemoTotpSecrets {

    public static final String OFFICER = "DEMOOFFICERTOTPSECRETAAAAAAAAAAA";
    public static final String OFFICER2 = "DEMOOFFICERTWOTOTPSECRETAAAAAAAA";
    public static final String RAPPORTEUR = "DEMORAPPORTEURTOTPSECRETAAAAAAAA";
    public static final String AUDITOR = "DEMOAUDITORTOTPSECRETAAAAAAAAAAA";
    public static final String ADMIN = "DEMOADMINTOTPSECRETAAAAAAAAAAAAA";

    /** By demo account name. */
    public static final Map<String, String> BY_ACCOUNT = Map.of(
            "officer", OFFICER, "officer2", OFFICER2, "rapporteur", RAPPORTEUR, "auditor", AUDITOR, "admin", ADMIN);

    private DemoTotpSecrets() {
    }
}

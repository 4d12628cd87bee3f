package org.evidencevault.security;

import java.util.Set;
import org.evidencevault.common.DemoTotpSecrets;
import org.evidencevault.common.Role;
import org.evidencevault.crypto.Totp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Demo profile only: one account per human role, with the published passwords and TOTP secrets listed in
 * the README (so a newcomer can pass the second factor: {@code java -jar evidence-vault.jar totp <secret>}
 * prints the current code). Created at start-up when missing; never outside the {@code demo} profile.
 */
@Component
@Profile("demo")
public class DemoAccounts implements ApplicationRunner {

    public static final String OFFICER = "officer";
    public static final String OFFICER_PASSWORD = "violet-harbour-demo";
    /** A second officer, on another case team: sees none of the seed case. */
    public static final String OFFICER2 = "officer2";
    public static final String OFFICER2_PASSWORD = "cenote-river-demo";
    public static final String OFFICER2_TEAM = org.evidencevault.common.DemoTeams.MEXICO;
    public static final String OFFICER2_TOTP = DemoTotpSecrets.OFFICER2;
    public static final String RAPPORTEUR = "rapporteur";
    public static final String RAPPORTEUR_PASSWORD = "geneva-letter-demo";
    /** The UN mandate the demo rapporteur serves: the Special Rapporteur on human rights defenders. */
    public static final String RAPPORTEUR_MANDATE = "SR_HRD";
    public static final String AUDITOR = "auditor";
    public static final String AUDITOR_PASSWORD = "merkle-proof-demo";
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "vault-keeper-demo";
    /** The case team the demo officer (and the seed case) belongs to. */
    public static final String OFFICER_TEAM = org.evidencevault.common.DemoTeams.GENEVA;
    /** Published demo TOTP secrets (base32), one per account. Never use them for anything real. */
    public static final String OFFICER_TOTP = DemoTotpSecrets.OFFICER;
    public static final String RAPPORTEUR_TOTP = DemoTotpSecrets.RAPPORTEUR;
    public static final String AUDITOR_TOTP = DemoTotpSecrets.AUDITOR;
    public static final String ADMIN_TOTP = DemoTotpSecrets.ADMIN;

    private static final Logger log = LoggerFactory.getLogger(DemoAccounts.class);

    private final AccountService accounts;

    DemoAccounts(AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    public void run(ApplicationArguments args) {
        int created = 0;
        created += create(OFFICER, OFFICER_PASSWORD, OFFICER_TOTP, Role.PROTECTION_OFFICER, OFFICER_TEAM);
        created += create(OFFICER2, OFFICER2_PASSWORD, OFFICER2_TOTP, Role.PROTECTION_OFFICER, OFFICER2_TEAM);
        created += accounts.createIfAbsent(RAPPORTEUR, Set.of(Role.RAPPORTEUR), Set.of(), Set.of(RAPPORTEUR_MANDATE),
                RAPPORTEUR_PASSWORD, Totp.fromBase32(RAPPORTEUR_TOTP)) ? 1 : 0;
        created += create(AUDITOR, AUDITOR_PASSWORD, AUDITOR_TOTP, Role.AUDITOR);
        created += create(ADMIN, ADMIN_PASSWORD, ADMIN_TOTP, Role.ADMIN);
        log.warn("DEMO ACCOUNTS with published passwords and TOTP secrets are enabled ({} created now): "
                + "officer, officer2, rapporteur, auditor, admin", created);
    }

    private int create(String username, String password, String totp, Role role, String... teams) {
        return accounts.createIfAbsent(username, Set.of(role), Set.of(teams), Set.of(), password, Totp.fromBase32(totp)) ? 1 : 0;
    }
}

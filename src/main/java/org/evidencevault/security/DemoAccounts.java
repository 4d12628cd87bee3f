package org.evidencevault.security;

import java.util.Set;
import org.evidencevault.common.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Demo profile only: one account per human role, with the published passwords listed in the README.
 * Created at start-up when missing; never outside the {@code demo} profile.
 */
@Component
@Profile("demo")
class DemoAccounts implements ApplicationRunner {

    static final String OFFICER = "officer";
    static final String OFFICER_PASSWORD = "officer-demo-pass";
    static final String RAPPORTEUR = "rapporteur";
    static final String RAPPORTEUR_PASSWORD = "rapporteur-demo-pass";
    static final String AUDITOR = "auditor";
    static final String AUDITOR_PASSWORD = "auditor-demo-pass";
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin-demo-pass";

    private static final Logger log = LoggerFactory.getLogger(DemoAccounts.class);

    private final AccountStore accounts;

    DemoAccounts(AccountStore accounts) {
        this.accounts = accounts;
    }

    @Override
    public void run(ApplicationArguments args) {
        int created = 0;
        created += create(OFFICER, OFFICER_PASSWORD, Role.PROTECTION_OFFICER);
        created += create(RAPPORTEUR, RAPPORTEUR_PASSWORD, Role.RAPPORTEUR);
        created += create(AUDITOR, AUDITOR_PASSWORD, Role.AUDITOR);
        created += create(ADMIN, ADMIN_PASSWORD, Role.ADMIN);
        log.warn("DEMO ACCOUNTS with published passwords are enabled ({} created now): "
                + "officer, rapporteur, auditor, admin", created);
    }

    private int create(String username, String password, Role role) {
        return accounts.createIfAbsent(username, password, Set.of(role)) ? 1 : 0;
    }
}

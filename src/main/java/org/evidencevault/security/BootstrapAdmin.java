package org.evidencevault.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.evidencevault.common.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * A real deployment's first admin: when {@code vault.security.bootstrap-admin.username} and
 * {@code vault.security.bootstrap-admin.password-file} are set and that account does not exist,
 * it is created as ADMIN with the password read from the file (first line; trailing line break
 * dropped); at its first login it must enrol a second factor. Setting only one of the two, or an
 * unreadable file, stops start-up.
 */
@Component
class BootstrapAdmin implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

    private final AccountService accounts;
    private final SecurityProperties.BootstrapAdmin config;

    BootstrapAdmin(AccountService accounts, SecurityProperties props) {
        this.accounts = accounts;
        this.config = props.bootstrapAdmin();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (config == null || (isBlank(config.username()) && config.passwordFile() == null)) {
            return;
        }
        if (isBlank(config.username()) || config.passwordFile() == null) {
            throw new IllegalStateException("vault.security.bootstrap-admin needs both username and password-file");
        }
        if (accounts.find(config.username()).isPresent()) {
            return;
        }
        if (accounts.createIfAbsent(config.username(), Set.of(Role.ADMIN), Set.of(), Set.of(), readPassword(config.passwordFile()), null)) {
            log.info("bootstrap admin account created; it enrols its second factor at its first login");
        }
    }

    private static String readPassword(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read vault.security.bootstrap-admin.password-file "
                    + file + " (" + e.getClass().getSimpleName() + ")");
        }
        int end = content.indexOf('\n');
        String line = end < 0 ? content : content.substring(0, end);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}

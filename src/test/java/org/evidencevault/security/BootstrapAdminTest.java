package org.evidencevault.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.evidencevault.common.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(properties = "vault.keys.path=keys-example/vault-keys.json")
@ActiveProfiles({"demo", "test"})
@ExtendWith(OutputCaptureExtension.class)
class BootstrapAdminTest {

    private static final String PASSWORD = "first-admin-password-4Kz";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("vault-bootstrap-test");
        Path passwordFile = Files.writeString(dir.resolve("admin-password"), PASSWORD + "\n", StandardCharsets.UTF_8);
        registry.add("vault.store.data-dir", () -> dir.resolve("data").toString());
        registry.add("vault.security.bootstrap-admin.username", () -> "Root-Admin");
        registry.add("vault.security.bootstrap-admin.password-file", passwordFile::toString);
    }

    @Autowired
    AccountService accounts;

    @Autowired
    AccountRecords records;

    @Autowired
    PasswordEncoder encoder;

    @Test
    void createsTheConfiguredAdminWithThePasswordFromTheFile(CapturedOutput output) {
        Account admin = accounts.find("root-admin").orElseThrow();
        assertThat(admin.roles()).isEqualTo(Set.of(Role.ADMIN));
        assertThat(admin.disabled()).isFalse();
        assertThat(admin.enrolmentPending()).as("it enrols its second factor at its first login").isTrue();
        String hash = records.find("root-admin").orElseThrow().passwordHash();
        assertThat(hash).startsWith("$argon2id$");
        assertThat(encoder.matches(PASSWORD, hash)).isTrue();
        assertThat(accounts.checkPassword("Root-Admin", PASSWORD)).isPresent();
        assertThat(admin.toString()).doesNotContain(hash);
        assertThat(output.getAll()).doesNotContain(PASSWORD);
    }
}

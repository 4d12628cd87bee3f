package org.evidencevault.web.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A browser test class on a vault of its own: the demo profile on a fresh store in a temporary directory, a real
 * server on a random port, closed after the class; a Chromium per test ({@link BrowserSupport}) and the pages' helper
 * ({@link VaultPages}), one per vault so that the one-time codes it has used are remembered for the class.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class VaultBrowserTest {

    @RegisterExtension
    static final BrowserSupport browser = new BrowserSupport();

    private static final Map<Integer, VaultPages> PAGES = new ConcurrentHashMap<>();

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("vault-browser");
        registry.add("vault.store.data-dir", dir::toString);
        registry.add("vault.keys.path", () -> "keys-example/vault-keys.json");
    }

    @LocalServerPort
    int port;

    VaultPages vault;

    @BeforeEach
    void vault() {
        vault = PAGES.computeIfAbsent(port, VaultPages::new);
    }
}

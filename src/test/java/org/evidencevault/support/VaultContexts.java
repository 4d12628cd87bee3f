package org.evidencevault.support;

import java.nio.file.Path;
import org.evidencevault.EvidenceVaultApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts a whole vault (web server on a random port) on a given data directory and key set, for tests that restart it. */
public final class VaultContexts {

    private VaultContexts() {
    }

    public static ConfigurableApplicationContext start(Path dataDir, Path keys, String... profiles) {
        return new SpringApplicationBuilder(EvidenceVaultApplication.class)
                .profiles(profiles)
                .run("--vault.store.data-dir=" + dataDir, "--vault.keys.path=" + keys, "--server.port=0",
                        "--spring.main.banner-mode=off");
    }
}

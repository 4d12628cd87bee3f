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
        return start(dataDir, keys, java.util.List.of(), profiles);
    }

    /** As {@link #start(Path, Path, String...)}, with more {@code --key=value} arguments. */
    public static ConfigurableApplicationContext start(Path dataDir, Path keys, java.util.List<String> args, String... profiles) {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("--vault.store.data-dir=" + dataDir,
                "--vault.keys.path=" + keys, "--server.port=0", "--spring.main.banner-mode=off"));
        all.addAll(args);
        return new SpringApplicationBuilder(EvidenceVaultApplication.class)
                .profiles(profiles)
                .run(all.toArray(String[]::new));
    }
}

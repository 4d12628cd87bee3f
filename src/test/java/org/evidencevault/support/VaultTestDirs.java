package org.evidencevault.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Data directories for tests. Tests that tamper with the store behind the vault's back must not share a
 * store with other tests: the vault is meant to notice and stop taking changes, for everyone on that store.
 * Such a test class declares its own directory, which also gives it its own application context:
 * <pre>
 *   private static final Path OWN_STORE = VaultTestDirs.fresh("tamper");
 *   &#64;DynamicPropertySource
 *   static void ownStore(DynamicPropertyRegistry r) { r.add("vault.test.own-store", OWN_STORE::toString); }
 * </pre>
 */
public final class VaultTestDirs {

    private VaultTestDirs() {
    }

    public static Path fresh(String name) {
        try {
            return Files.createTempDirectory("vault-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

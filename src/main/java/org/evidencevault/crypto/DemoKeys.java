package org.evidencevault.crypto;

import java.util.Set;

/**
 * Fingerprints of the published example keys in {@code keys-example/}. A vault refuses to start with
 * any of them outside the demo profile, even if someone removed the "demo" marker from the file.
 */
final class DemoKeys {

    private static final Set<String> FINGERPRINTS = Set.of(
            // keys-example/vault-keys.json: KEK kek v1, blind-index key bidx v1
            "e2e1e7d548aa0b98", "e1992fa133c1b4d3",
            // audit signing key audit-v1: Ed25519 seed, ML-DSA-65 seed
            "1754d90cc887d1bb", "e3e286c322a2dec9");

    private DemoKeys() {
    }

    static boolean isDemo(SecretBytes material) {
        return FINGERPRINTS.contains(material.fingerprint());
    }
}

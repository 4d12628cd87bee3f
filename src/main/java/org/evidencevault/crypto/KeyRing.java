package org.evidencevault.crypto;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The keys a running vault holds: every version of the key-encryption key (the highest is active,
 * older ones still unwrap until a re-wrap moves their data keys) and the blind-index key.
 * Never printable: {@link #toString()} shows ids, versions and fingerprints only.
 */
public final class KeyRing {

    /** One version of a key: id, version and the secret. */
    public record VersionedKey(String id, int version, SecretBytes material) {
        public VersionedKey {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(material, "material");
            if (version < 1) {
                throw new IllegalArgumentException("key version must be 1 or more");
            }
            if (material.length() != AesGcm.KEY_BYTES) {
                throw new IllegalArgumentException("key " + id + " v" + version + " must be 32 bytes");
            }
        }

        @Override
        public String toString() {
            return id + "/v" + version + "#" + material.fingerprint();
        }
    }

    private final List<VersionedKey> keks;
    private final VersionedKey blindIndexKey;
    private final List<AuditSigningKey> signingKeys;
    private final boolean markedDemo;

    public KeyRing(List<VersionedKey> keks, VersionedKey blindIndexKey, List<AuditSigningKey> signingKeys, boolean markedDemo) {
        if (keks == null || keks.isEmpty()) {
            throw new IllegalArgumentException("a key ring needs at least one key-encryption key");
        }
        this.keks = keks.stream().sorted(Comparator.comparingInt(VersionedKey::version)).toList();
        this.blindIndexKey = Objects.requireNonNull(blindIndexKey, "blindIndexKey");
        this.markedDemo = markedDemo;
        if (signingKeys == null || signingKeys.isEmpty()) {
            throw new IllegalArgumentException("a key ring needs at least one audit signing key");
        }
        this.signingKeys = signingKeys.stream().sorted(Comparator.comparingInt(AuditSigningKey::version)).toList();
        if (this.signingKeys.stream().map(AuditSigningKey::keyId).distinct().count() != signingKeys.size()) {
            throw new IllegalArgumentException("audit signing key versions must be unique");
        }
        long distinct = keks.stream().map(k -> k.id() + "/" + k.version()).distinct().count();
        if (distinct != keks.size()) {
            throw new IllegalArgumentException("key-encryption key versions must be unique");
        }
    }

    public VersionedKey activeKek() {
        return keks.get(keks.size() - 1);
    }

    public Optional<VersionedKey> kek(String id, int version) {
        return keks.stream().filter(k -> k.id().equals(id) && k.version() == version).findFirst();
    }

    public List<VersionedKey> keks() {
        return keks;
    }

    public VersionedKey blindIndexKey() {
        return blindIndexKey;
    }

    /** The signing key new audit entries and checkpoints use: the highest version. */
    public AuditSigningKey activeSigningKey() {
        return signingKeys.get(signingKeys.size() - 1);
    }

    /** Every signing key version, oldest first; old versions stay so old entries keep verifying. */
    public List<AuditSigningKey> signingKeys() {
        return signingKeys;
    }

    /** True when the file says so or when any key is one of the published example keys. */
    public boolean isDemo() {
        return markedDemo || keks.stream().anyMatch(k -> DemoKeys.isDemo(k.material()))
                || DemoKeys.isDemo(blindIndexKey.material())
                || signingKeys.stream().anyMatch(k -> DemoKeys.isDemo(k.ed25519().privateKey())
                        || DemoKeys.isDemo(k.mlDsa65().privateKey()));
    }

    @Override
    public String toString() {
        return "KeyRing[keks=" + keks + ", blindIndex=" + blindIndexKey + ", signing=" + signingKeys + (isDemo() ? ", DEMO" : "") + "]";
    }
}

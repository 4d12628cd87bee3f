package org.evidencevault.crypto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes the key set file ({@code vault-keys.json}): format marker, demo marker,
 * key-encryption key versions and the blind-index key, each as base64 material.
 * Errors name the file and the problem, never the material.
 */
public final class KeySetFile {

    public static final String FORMAT = "evidence-vault-keyset/1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private KeySetFile() {
    }

    public static KeyRing load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new KeyRingException("no key set at " + file.toAbsolutePath()
                    + ": create one with 'java -jar evidence-vault.jar keygen --out <dir>' and set vault.keys.path");
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KeyRingException("key set " + file + " is not readable JSON");
        }
        return parse(file, content);
    }

    /** The key set in {@code content}, read from {@code file} (named in errors), checked as {@link #load} checks it. */
    public static KeyRing parse(Path file, byte[] content) {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JacksonException e) {
            throw new KeyRingException("key set " + file + " is not readable JSON");
        }
        if (!FORMAT.equals(root.path("format").asString(""))) {
            throw new KeyRingException("key set " + file + " is not in format " + FORMAT);
        }
        List<KeyRing.VersionedKey> keks = new ArrayList<>();
        for (JsonNode k : root.path("keks")) {
            keks.add(key(file, k));
        }
        if (keks.isEmpty()) {
            throw new KeyRingException("key set " + file + " has no key-encryption key");
        }
        JsonNode bidx = root.path("blindIndexKey");
        if (bidx.isMissingNode()) {
            throw new KeyRingException("key set " + file + " has no blind-index key");
        }
        List<AuditSigningKey> signing = new ArrayList<>();
        for (JsonNode k : root.path("auditSigningKeys")) {
            signing.add(signingKey(file, k));
        }
        if (signing.isEmpty()) {
            throw new KeyRingException("key set " + file + " has no audit signing key: add one with"
                    + " 'java -jar evidence-vault.jar add-signing-key-version --keys " + file + "'");
        }
        try {
            return new KeyRing(keks, key(file, bidx), signing, root.path("demo").asBoolean(false));
        } catch (IllegalArgumentException e) {
            throw new KeyRingException("key set " + file + ": " + e.getMessage());
        }
    }

    private static KeyRing.VersionedKey key(Path file, JsonNode k) {
        String id = k.path("id").asString("");
        int version = k.path("version").asInt(0);
        byte[] material;
        try {
            material = Base64.getDecoder().decode(k.path("material").asString(""));
        } catch (IllegalArgumentException e) {
            throw new KeyRingException("key set " + file + ": key " + id + " v" + version + " is not base64");
        }
        if (id.isEmpty() || version < 1 || material.length != AesGcm.KEY_BYTES) {
            throw new KeyRingException("key set " + file + ": key '" + id + "' v" + version
                    + " needs an id, a version >= 1 and 32 bytes of material");
        }
        return new KeyRing.VersionedKey(id, version, SecretBytes.copyOf(material));
    }

    private static AuditSigningKey signingKey(Path file, JsonNode k) {
        String id = k.path("id").asString("");
        int version = k.path("version").asInt(0);
        try {
            byte[] ed = Base64.getDecoder().decode(k.path("ed25519").asString(""));
            byte[] ml = Base64.getDecoder().decode(k.path("mlDsa65").asString(""));
            return new AuditSigningKey(id, version, Ed25519Keys.fromPrivateKey(SecretBytes.copyOf(ed)),
                    MlDsa65Keys.fromPrivateKey(SecretBytes.copyOf(ml), new java.security.SecureRandom()));
        } catch (IllegalArgumentException e) {
            throw new KeyRingException("key set " + file + ": audit signing key '" + id + "' v" + version
                    + " needs an id, a version >= 1, a base64 32-byte ed25519 seed and a base64 32-byte mlDsa65 seed");
        }
    }

    /** Writes a fresh key set (one KEK version, one blind-index key) to {@code file}, owner-only. */
    public static KeyRing generate(Path file, boolean demo) {
        KeyRing ring = new KeyRing(
                List.of(new KeyRing.VersionedKey("kek", 1, SecretBytes.copyOf(AesGcm.randomBytes(AesGcm.KEY_BYTES)))),
                new KeyRing.VersionedKey("bidx", 1, SecretBytes.copyOf(AesGcm.randomBytes(AesGcm.KEY_BYTES))),
                List.of(AuditSigningKey.generate("audit", 1, new java.security.SecureRandom())),
                demo);
        write(file, ring, demo);
        return ring;
    }

    /** Adds a new KEK version (the new active one) to an existing file; data keys move on re-wrap. */
    public static KeyRing addKekVersion(Path file) {
        KeyRing ring = load(file);
        KeyRing.VersionedKey active = ring.activeKek();
        List<KeyRing.VersionedKey> keks = new ArrayList<>(ring.keks());
        keks.add(new KeyRing.VersionedKey(active.id(), active.version() + 1,
                SecretBytes.copyOf(AesGcm.randomBytes(AesGcm.KEY_BYTES))));
        KeyRing rotated = new KeyRing(keks, ring.blindIndexKey(), ring.signingKeys(), false);
        write(file, rotated, false);
        return rotated;
    }

    /**
     * Adds a new audit signing key version (the new active one). Old versions stay in the file: entries
     * they signed must keep verifying, and the vault records the rotation as an audit entry.
     */
    public static KeyRing addSigningKeyVersion(Path file) {
        KeyRing ring = load(file);
        AuditSigningKey active = ring.activeSigningKey();
        List<AuditSigningKey> signing = new ArrayList<>(ring.signingKeys());
        signing.add(AuditSigningKey.generate(active.id(), active.version() + 1, new java.security.SecureRandom()));
        KeyRing rotated = new KeyRing(ring.keks(), ring.blindIndexKey(), signing, false);
        write(file, rotated, false);
        return rotated;
    }

    private static void write(Path file, KeyRing ring, boolean demo) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("demo", demo);
        if (demo) {
            root.put("notice", "DEMO KEYS. PUBLISHED WITH THE SOURCE CODE. NEVER PROTECT REAL DATA WITH THEM.");
        }
        root.put("writtenAt", Instant.now().toString());
        ArrayNode keks = root.putArray("keks");
        ring.keks().forEach(k -> keks.add(node(k)));
        root.set("blindIndexKey", node(ring.blindIndexKey()));
        ArrayNode signing = root.putArray("auditSigningKeys");
        for (AuditSigningKey k : ring.signingKeys()) {
            ObjectNode n = signing.addObject();
            n.put("id", k.id());
            n.put("version", k.version());
            n.put("ed25519PublicKey", Base64.getEncoder().encodeToString(k.ed25519PublicKey()));
            n.put("ed25519", Base64.getEncoder().encodeToString(k.ed25519().privateKey().reveal()));
            n.put("mlDsa65", Base64.getEncoder().encodeToString(k.mlDsa65().privateKey().reveal()));
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, ".vault-keys", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the operator must protect the file
            }
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new KeyRingException("cannot write key set " + file + ": " + e.getClass().getSimpleName());
        }
    }

    private static ObjectNode node(KeyRing.VersionedKey k) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", k.id());
        n.put("version", k.version());
        n.put("fingerprint", k.material().fingerprint());
        n.put("material", Base64.getEncoder().encodeToString(k.material().reveal()));
        return n;
    }
}

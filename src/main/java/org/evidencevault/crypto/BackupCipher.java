package org.evidencevault.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The encryption of a store backup: a fresh 256-bit key per backup, wrapped (AES-256-GCM) under the active KEK
 * version and bound to the backup's id, and the snapshot itself in {@link StreamingAead}'s segments under it, with
 * the backup's header as associated data. So a backup opens with the key file it was made under (any key file that
 * still holds that KEK version) and nothing else, and a changed header, a segment moved, cut or changed fails to open.
 */
public final class BackupCipher {

    /** How the backup's key is held in its header: the KEK version that wraps it, the nonce and the wrapped key. */
    public record WrappedKey(String kekId, int kekVersion, byte[] nonce, byte[] wrapped) {
    }

    /** A backup key while it is in use: its material and how its header holds it. */
    public static final class BackupKey {
        private final SecretBytes material;
        private final WrappedKey wrapped;

        private BackupKey(SecretBytes material, WrappedKey wrapped) {
            this.material = material;
            this.wrapped = wrapped;
        }

        public WrappedKey wrapped() {
            return wrapped;
        }

        @Override
        public String toString() {
            return "BackupKey[" + wrapped.kekId() + "/v" + wrapped.kekVersion() + "]";
        }
    }

    private BackupCipher() {
    }

    /** A fresh key for backup {@code backupId}, wrapped under the key ring's active KEK version. */
    public static BackupKey newKey(KeyRing keyRing, String backupId) {
        KeyRing.VersionedKey kek = keyRing.activeKek();
        byte[] key = AesGcm.randomBytes(AesGcm.KEY_BYTES);
        byte[] nonce = AesGcm.randomBytes(AesGcm.NONCE_BYTES);
        try {
            byte[] wrapped = AesGcm.encrypt(kek.material().reveal(), nonce, key, wrapAad(backupId, kek.id(), kek.version()));
            return new BackupKey(SecretBytes.copyOf(key), new WrappedKey(kek.id(), kek.version(), nonce, wrapped));
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Opens the key of backup {@code backupId} with the key ring.
     *
     * @throws CryptoFailureException if the ring lacks the KEK version or the wrapped key does not open under it
     */
    public static BackupKey openKey(KeyRing keyRing, String backupId, WrappedKey wrapped) {
        KeyRing.VersionedKey kek = keyRing.kek(wrapped.kekId(), wrapped.kekVersion()).orElseThrow(() -> new CryptoFailureException(
                "the key file does not hold KEK " + wrapped.kekId() + "/v" + wrapped.kekVersion() + ", which wraps this backup's key"));
        byte[] key = AesGcm.decrypt(kek.material().reveal(), wrapped.nonce(), wrapped.wrapped(),
                wrapAad(backupId, wrapped.kekId(), wrapped.kekVersion()));
        try {
            return new BackupKey(SecretBytes.copyOf(key), wrapped);
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
    }

    /** Encrypts what is written into {@code out}; closing it writes the last segment and closes {@code out}. */
    public static OutputStream encrypting(OutputStream out, BackupKey key, byte[] header) throws IOException {
        byte[] k = key.material.reveal();
        try {
            return StreamingAead.encrypting(out, k, Digests.sha256(header));
        } finally {
            java.util.Arrays.fill(k, (byte) 0);
        }
    }

    /** Decrypts {@code in}; a read fails with an {@link IOException} at the first segment that does not authenticate. */
    public static InputStream decrypting(InputStream in, BackupKey key, byte[] header) {
        byte[] k = key.material.reveal();
        try {
            return StreamingAead.decrypting(in, k, Digests.sha256(header));
        } finally {
            java.util.Arrays.fill(k, (byte) 0);
        }
    }

    private static byte[] wrapAad(String backupId, String kekId, int kekVersion) {
        return ("evidence-vault backup key|" + backupId + "|" + kekId + "|" + kekVersion).getBytes(StandardCharsets.UTF_8);
    }
}

package org.evidencevault.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encrypts and decrypts evidence files with {@link StreamingAead}, under a file key derived from the data key of
 * the file's record (HKDF-SHA256, its own info string: the same data key never serves two algorithms), with the
 * associated data naming the record and field, so a file moved to another item does not open. Destroying the
 * record's data key (crypto-shredding) destroys the file key with it. Decrypting needs proof of an audited read.
 */
public final class FileCipher {

    private static final byte[] FILE_KEY_INFO = "evidence-vault/file-key/v1".getBytes(StandardCharsets.UTF_8);

    private final DataKeys dataKeys;

    public FileCipher(DataKeys dataKeys) {
        this.dataKeys = dataKeys;
    }

    /** A new encrypted stream for the file at {@code aad}, under data key {@code dataKeyId}. */
    public StreamingAead.Encrypter encrypter(String dataKeyId, Aad aad) {
        byte[] key = fileKey(dataKeyId);
        try {
            return StreamingAead.encrypter(key, aad.bytes());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The encrypter of a stream whose header and first {@code nextSegment} segments are stored (a resumed upload). */
    public StreamingAead.Encrypter resume(String dataKeyId, Aad aad, byte[] header, long nextSegment) {
        byte[] key = fileKey(dataKeyId);
        try {
            return StreamingAead.resume(key, aad.bytes(), header, nextSegment);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The decrypter of a stored stream, for an audited read (or the vault's own re-check of an upload). */
    public StreamingAead.Decrypter decrypter(String dataKeyId, Aad aad, byte[] header, DecryptionProof proof) {
        proof.requireActive();
        byte[] key = fileKey(dataKeyId);
        try {
            return StreamingAead.decrypter(key, aad.bytes(), header);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private byte[] fileKey(String dataKeyId) {
        byte[] dek = dataKeys.unwrap(dataKeyId);
        try {
            return StreamingAead.hkdfSha256(dek, null, FILE_KEY_INFO, StreamingAead.KEY_BYTES);
        } finally {
            Arrays.fill(dek, (byte) 0);
        }
    }
}

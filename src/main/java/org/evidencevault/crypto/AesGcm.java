package org.evidencevault.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-256-GCM with random 96-bit nonces, on the JDK's provider (AES-NI). */
final class AesGcm {

    static final int KEY_BYTES = 32;
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AesGcm() {
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static byte[] encrypt(byte[] key, byte[] nonce, byte[] plaintext, byte[] aad) {
        return run(Cipher.ENCRYPT_MODE, key, nonce, plaintext, aad);
    }

    static byte[] decrypt(byte[] key, byte[] nonce, byte[] ciphertext, byte[] aad) {
        return run(Cipher.DECRYPT_MODE, key, nonce, ciphertext, aad);
    }

    private static byte[] run(int mode, byte[] key, byte[] nonce, byte[] input, byte[] aad) {
        if (key.length != KEY_BYTES) {
            throw new CryptoFailureException("AES-256 key must be 32 bytes");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new CryptoFailureException("authentication failed: wrong key, tampered data or data moved from its place");
        } catch (GeneralSecurityException e) {
            throw new CryptoFailureException("AES-GCM failed: " + e.getClass().getSimpleName());
        }
    }
}

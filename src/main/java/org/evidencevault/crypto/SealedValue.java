package org.evidencevault.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * A self-describing envelope: format version, the id of the data key that sealed it, a 96-bit nonce
 * and the AES-256-GCM ciphertext with its 128-bit tag. The data key record names the key-encryption
 * key id and version that wraps it, so KEKs rotate without touching envelopes.
 */
public record SealedValue(int format, String dataKeyId, byte[] nonce, byte[] ciphertext) {

    public static final int FORMAT_V1 = 1;

    public SealedValue {
        Objects.requireNonNull(dataKeyId, "dataKeyId");
        if (format != FORMAT_V1) {
            throw new CryptoFailureException("unknown envelope format " + format);
        }
        if (nonce == null || nonce.length != AesGcm.NONCE_BYTES) {
            throw new CryptoFailureException("envelope nonce must be " + AesGcm.NONCE_BYTES + " bytes");
        }
        if (ciphertext == null || ciphertext.length < AesGcm.TAG_BYTES) {
            throw new CryptoFailureException("envelope ciphertext is shorter than its tag");
        }
        nonce = nonce.clone();
        ciphertext = ciphertext.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealedValue s && s.format == format && s.dataKeyId.equals(dataKeyId)
                && Arrays.equals(s.nonce, nonce) && Arrays.equals(s.ciphertext, ciphertext);
    }

    @Override
    public int hashCode() {
        return Objects.hash(format, dataKeyId, Arrays.hashCode(nonce), Arrays.hashCode(ciphertext));
    }

    @Override
    public String toString() {
        return "SealedValue[key=" + dataKeyId + ", " + ciphertext.length + " bytes]";
    }
}

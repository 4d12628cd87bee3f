package org.evidencevault.crypto;

import java.nio.charset.StandardCharsets;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * Seals and opens field values. The tiny interface: {@code seal(dataKeyId, aad, plaintext)}
 * and {@code open(sealed, aad)} (package-private: outside crypto, sealed data is opened only through
 * {@link FieldSealer#open}, which demands proof of an audited read); nonces, ciphers and keys stay here.
 */
public final class Sealer {

    private final DataKeys dataKeys;

    public Sealer(DataKeys dataKeys) {
        this.dataKeys = dataKeys;
    }

    public SealedValue seal(String dataKeyId, Aad aad, byte[] plaintext) {
        byte[] nonce = AesGcm.randomBytes(AesGcm.NONCE_BYTES);
        byte[] ct = AesGcm.encrypt(dataKeys.unwrap(dataKeyId), nonce, plaintext, aad.bytes());
        return new SealedValue(SealedValue.FORMAT_V1, dataKeyId, nonce, ct);
    }

    public SealedValue sealString(String dataKeyId, Aad aad, String plaintext) {
        return seal(dataKeyId, aad, plaintext.getBytes(StandardCharsets.UTF_8));
    }

    byte[] open(SealedValue sealed, Aad aad) {
        return AesGcm.decrypt(dataKeys.unwrap(sealed.dataKeyId()), sealed.nonce(), sealed.ciphertext(), aad.bytes());
    }

    String openString(SealedValue sealed, Aad aad) {
        return new String(open(sealed, aad), StandardCharsets.UTF_8);
    }

    /** The stored form of an envelope: {@code {f: 1, k: dataKeyId, n: nonce, c: ciphertext}}. */
    public static Document toDocument(SealedValue v) {
        return new Document("f", v.format()).append("k", v.dataKeyId())
                .append("n", new Binary(v.nonce())).append("c", new Binary(v.ciphertext()));
    }

    public static SealedValue fromDocument(Document d) {
        if (d == null) {
            throw new CryptoFailureException("sealed field is missing");
        }
        try {
            return new SealedValue(d.getInteger("f", 0), d.getString("k"),
                    d.get("n", Binary.class).getData(), d.get("c", Binary.class).getData());
        } catch (ClassCastException | NullPointerException e) {
            throw new CryptoFailureException("sealed field is malformed");
        }
    }
}

package org.evidencevault.crypto;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.evidencevault.ledger.NoteKey;
import org.evidencevault.ledger.NoteSigner;
import org.evidencevault.ledger.NoteVerifier;
import org.evidencevault.ledger.SignatureType;

/**
 * An Ed25519 key pair (RFC 8032, Bouncy Castle's lightweight API) for signing ledger checkpoints. A key file
 * stores the 32-byte private key (the RFC 8032 seed) and the raw 32-byte public key.
 */
public final class Ed25519Keys {

    public static final int PRIVATE_KEY_BYTES = Ed25519PrivateKeyParameters.KEY_SIZE;
    public static final int PUBLIC_KEY_BYTES = Ed25519PublicKeyParameters.KEY_SIZE;
    public static final int SIGNATURE_BYTES = Ed25519PrivateKeyParameters.SIGNATURE_SIZE;

    private final Ed25519PrivateKeyParameters privateKey;
    private final byte[] publicKey;

    private Ed25519Keys(Ed25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.publicKey = privateKey.generatePublicKey().getEncoded();
    }

    public static Ed25519Keys generate(SecureRandom random) {
        return new Ed25519Keys(new Ed25519PrivateKeyParameters(random));
    }

    /** The key pair of a stored 32-byte private key. */
    public static Ed25519Keys fromPrivateKey(SecretBytes privateKey) {
        if (privateKey.length() != PRIVATE_KEY_BYTES) {
            throw new IllegalArgumentException("an Ed25519 private key is " + PRIVATE_KEY_BYTES + " bytes, got "
                    + privateKey.length());
        }
        return new Ed25519Keys(new Ed25519PrivateKeyParameters(privateKey.reveal()));
    }

    /** The 32-byte private key, for a key file. */
    public SecretBytes privateKey() {
        return SecretBytes.copyOf(privateKey.getEncoded());
    }

    /** The raw 32-byte public key. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The deterministic RFC 8032 signature over {@code message}. */
    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /**
     * Whether {@code signature} is a valid Ed25519 signature over {@code message} by {@code publicKey}; false,
     * not an exception, for a public key that is no curve point.
     */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey.length != PUBLIC_KEY_BYTES || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        Ed25519PublicKeyParameters key;
        try {
            key = new Ed25519PublicKeyParameters(publicKey);
        } catch (IllegalArgumentException notAPoint) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, key);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    /** This key signing notes as {@code keyName}. */
    public NoteSigner noteSigner(String keyName) {
        return new KeyNoteSigner(keyName, SignatureType.ED25519, publicKey(), this::sign);
    }

    public static NoteVerifier noteVerifier() {
        return Ed25519Keys::verify;
    }

    /** The verifier key a note reader trusts for {@code keyName} and this public key. */
    public static NoteKey trustedKey(String keyName, byte[] publicKey) {
        return new NoteKey(keyName, SignatureType.ED25519, publicKey, noteVerifier());
    }

    @Override
    public String toString() {
        return "Ed25519Keys[private key redacted]";
    }
}

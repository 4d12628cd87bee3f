package org.evidencevault.crypto;

import java.security.SecureRandom;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.generators.MLDSAKeyPairGenerator;
import org.bouncycastle.crypto.params.MLDSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.MLDSASigner;
import org.evidencevault.ledger.NoteKey;
import org.evidencevault.ledger.NoteSigner;
import org.evidencevault.ledger.NoteVerifier;
import org.evidencevault.ledger.SignatureType;

/**
 * An ML-DSA-65 key pair (FIPS 204, Bouncy Castle's lightweight API) for signing ledger checkpoints: pure
 * ML-DSA with an empty context string, hedged signing (fresh randomness per signature). A key file stores the
 * 32-byte seed ξ from which FIPS 204 KeyGen derives the whole key pair, and the 1952-byte encoded public key.
 */
public final class MlDsa65Keys {

    public static final int SEED_BYTES = 32;
    public static final int PUBLIC_KEY_BYTES = 1952;
    public static final int SIGNATURE_BYTES = 3309;
    private static final MLDSAParameters PARAMETERS = MLDSAParameters.ml_dsa_65;

    private final MLDSAPrivateKeyParameters privateKey;
    private final byte[] publicKey;
    private final SecureRandom random;

    private MlDsa65Keys(MLDSAPrivateKeyParameters privateKey, SecureRandom random) {
        if (privateKey.getSeed() == null) {
            throw new IllegalStateException("ML-DSA-65 private key has no seed");
        }
        this.privateKey = privateKey;
        this.publicKey = privateKey.getPublicKeyParameters().getEncoded();
        this.random = random;
    }

    public static MlDsa65Keys generate(SecureRandom random) {
        MLDSAKeyPairGenerator generator = new MLDSAKeyPairGenerator();
        generator.init(new MLDSAKeyGenerationParameters(random, PARAMETERS));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        return new MlDsa65Keys((MLDSAPrivateKeyParameters) pair.getPrivate(), random);
    }

    /** The key pair of a stored 32-byte seed; signatures draw randomness from {@code random}. */
    public static MlDsa65Keys fromPrivateKey(SecretBytes seed, SecureRandom random) {
        if (seed.length() != SEED_BYTES) {
            throw new IllegalArgumentException("an ML-DSA-65 private key seed is " + SEED_BYTES + " bytes, got "
                    + seed.length());
        }
        return new MlDsa65Keys(new MLDSAPrivateKeyParameters(PARAMETERS, seed.reveal()), random);
    }

    /** The 32-byte seed, for a key file. */
    public SecretBytes privateKey() {
        return SecretBytes.copyOf(privateKey.getSeed());
    }

    /** The 1952-byte encoded public key (ρ || t1). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** A hedged ML-DSA-65 signature over {@code message}. */
    public byte[] sign(byte[] message) {
        MLDSASigner signer = new MLDSASigner();
        signer.init(true, new ParametersWithRandom(privateKey, random));
        signer.update(message, 0, message.length);
        try {
            return signer.generateSignature();
        } catch (CryptoException e) {
            throw new CryptoFailureException("ML-DSA-65 signing failed: " + e.getClass().getSimpleName());
        }
    }

    /** Whether {@code signature} is a valid ML-DSA-65 signature over {@code message} by {@code publicKey}. */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey.length != PUBLIC_KEY_BYTES || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        MLDSASigner verifier = new MLDSASigner();
        try {
            verifier.init(false, new MLDSAPublicKeyParameters(PARAMETERS, publicKey));
        } catch (IllegalArgumentException malformedKey) {
            return false;
        }
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    /** This key signing notes as {@code keyName}. */
    public NoteSigner noteSigner(String keyName) {
        return new KeyNoteSigner(keyName, SignatureType.ML_DSA_65, publicKey(), this::sign);
    }

    public static NoteVerifier noteVerifier() {
        return MlDsa65Keys::verify;
    }

    /** The verifier key a note reader trusts for {@code keyName} and this public key. */
    public static NoteKey trustedKey(String keyName, byte[] publicKey) {
        return new NoteKey(keyName, SignatureType.ML_DSA_65, publicKey, noteVerifier());
    }

    @Override
    public String toString() {
        return "MlDsa65Keys[private key redacted]";
    }
}

package org.evidencevault.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TSPValidationException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;
import org.evidencevault.ledger.TimestampVerifier;

/**
 * RFC 3161 time-stamps over the SHA-256 of an audit-log checkpoint, so that a third party (a Time-Stamp
 * Authority) attests that the checkpoint existed at a time. {@link #request} builds the query to send,
 * {@link #accept} checks the TSA's reply against that query and a pinned TSA certificate, and {@link #verify}
 * checks a stored token again later, offline.
 *
 * <p>Trust model: a pinned TSA certificate is itself the trust anchor. There is no chain building and no
 * revocation checking (no CRL, no OCSP); whoever pins a certificate vouches for it, and retiring a TSA means
 * removing its certificate from the pinned set. Bouncy Castle checks that the certificate's ExtendedKeyUsage is
 * exactly id-kp-timeStamping and critical, that it names the token's signer in the signing-certificate
 * attribute, and that it was valid at the token's genTime.
 *
 * <p>Every failure is a {@link TimeStampException}; nothing returns null.
 */
public final class TimeStamps {

    /** The most this accepts as a token or a certificate; real tokens are a few KiB. */
    public static final int MAX_TOKEN_BYTES = 64 * 1024;
    /** A response is a status plus a token. */
    public static final int MAX_RESPONSE_BYTES = MAX_TOKEN_BYTES + 4 * 1024;
    public static final int SHA256_BYTES = 32;

    private static final int NONCE_BITS = 64;
    private static final ASN1ObjectIdentifier SHA256 = NISTObjectIdentifiers.id_sha256;
    private static final String TIME_STAMPING = KeyPurposeId.id_kp_timeStamping.getId();
    private static final String NOT_PINNED = "the token is not signed by a pinned TSA certificate";
    private static final Provider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeStamps() {
    }

    /** A DER-encoded RFC 3161 TimeStampReq and what its answer must repeat: the nonce and the imprint. */
    public record Request(byte[] der, BigInteger nonce, byte[] imprint) {
    }

    /**
     * A token that verified: its encoding (to store), the time the TSA attests and the subject DN (RFC 2253) of
     * the pinned certificate that signed it.
     */
    public record Token(byte[] der, Instant genTime, String tsaSubject) {
    }

    /** The query for {@code sha256Imprint}: SHA-256, a fresh random 64-bit nonce, the TSA's certificate requested. */
    public static Request request(byte[] sha256Imprint) {
        byte[] imprint = requireSha256(sha256Imprint);
        BigInteger nonce = newNonce();
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        TimeStampRequest request = generator.generate(SHA256, imprint, nonce);
        try {
            return new Request(request.getEncoded(), nonce, imprint);
        } catch (IOException e) {
            throw new CryptoFailureException("cannot encode a time-stamp request", e);
        }
    }

    /**
     * The token in the TSA's {@code responseDer} to {@code request}, if the TSA granted it, the response answers
     * this request (nonce, imprint) and the token verifies against {@code pinned}.
     */
    public static Token accept(Request request, byte[] responseDer, X509Certificate pinned) throws TimeStampException {
        Objects.requireNonNull(pinned, "pinned");
        TimeStampRequest query = parseOwnRequest(request);
        TimeStampResponse response = parseResponse(responseDer);
        int status = response.getStatus();
        if (status != 0 && status != 1) { // PKIStatus granted, grantedWithMods
            throw new TimeStampException("the TSA refused the request: status " + status);
        }
        TimeStampToken token = response.getTimeStampToken();
        if (token == null) {
            throw new TimeStampException("the TSA granted the request but sent no token");
        }
        TimeStampTokenInfo info = token.getTimeStampInfo();
        if (!request.nonce().equals(info.getNonce())) {
            throw new TimeStampException("the response's nonce does not match the request");
        }
        if (!SHA256.equals(info.getMessageImprintAlgOID())
                || !MessageDigest.isEqual(request.imprint(), info.getMessageImprintDigest())) {
            throw new TimeStampException("the response's message imprint does not match the request");
        }
        try {
            response.validate(query);
        } catch (TSPException e) {
            throw new TimeStampException("the response does not answer the request", e);
        }
        return verify(encode(token), request.imprint(), List.of(pinned));
    }

    /**
     * The time {@code tokenDer} attests for {@code expectedSha256Imprint}, if its imprint is that SHA-256 and one
     * of the {@code pinned} certificates signed it.
     */
    public static Token verify(byte[] tokenDer, byte[] expectedSha256Imprint, Collection<X509Certificate> pinned)
            throws TimeStampException {
        byte[] expected = requireSha256(expectedSha256Imprint);
        TimeStampToken token = parseToken(tokenDer);
        List<X509Certificate> signers = pinnedSigners(token, pinned);
        if (signers.isEmpty()) {
            throw new TimeStampException(NOT_PINNED, true);
        }
        TimeStampTokenInfo info = token.getTimeStampInfo();
        if (!SHA256.equals(info.getMessageImprintAlgOID())) {
            throw new TimeStampException("the token's message imprint is not a SHA-256");
        }
        if (!MessageDigest.isEqual(expected, info.getMessageImprintDigest())) {
            throw new TimeStampException("the token's message imprint is not the checkpoint's SHA-256");
        }
        TimeStampException first = null;
        for (X509Certificate signer : signers) {
            try {
                validate(token, signer);
                return new Token(tokenDer.clone(), info.getGenTime().toInstant(),
                        signer.getSubjectX500Principal().getName());
            } catch (TimeStampException e) {
                first = first == null ? e : first;
            }
        }
        throw first;
    }

    /**
     * {@link #verify} against {@code pinned} for the ledger's bundle verifier: PROVEN with genTime and the TSA's
     * subject DN, UNKNOWN_TSA for a token whose signer is none of the pinned certificates (whatever else is wrong
     * with it), REJECTED with the failure's message otherwise. Never throws.
     */
    public static TimestampVerifier verifier(Collection<X509Certificate> pinned) {
        List<X509Certificate> anchors = List.copyOf(pinned);
        return (token, sha256) -> {
            try {
                Token verified = verify(token, sha256, anchors);
                return TimestampVerifier.Outcome.proven(verified.genTime(), verified.tsaSubject());
            } catch (TimeStampException e) {
                return e.unpinnedSigner ? TimestampVerifier.Outcome.unknownTsa()
                        : TimestampVerifier.Outcome.rejected(e.getMessage());
            } catch (RuntimeException e) { // a missing token or an imprint that is no SHA-256
                return TimestampVerifier.Outcome.rejected("the checkpoint's imprint or the token is missing or malformed");
            }
        };
    }

    /** An X.509 certificate, PEM ("-----BEGIN CERTIFICATE-----") or DER, of at most 64 KiB. */
    public static X509Certificate readCertificate(byte[] pemOrDer) throws TimeStampException {
        Objects.requireNonNull(pemOrDer, "pemOrDer");
        if (pemOrDer.length == 0 || pemOrDer.length > MAX_TOKEN_BYTES) {
            throw new TimeStampException("malformed certificate: " + pemOrDer.length + " bytes");
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pemOrDer));
        } catch (CertificateException | RuntimeException e) {
            throw new TimeStampException("malformed certificate: not a PEM or DER X.509 certificate", e);
        }
    }

    /** A time-stamp request, response or token was refused; the message names what failed. */
    public static final class TimeStampException extends Exception {
        private static final long serialVersionUID = 1L;

        private final boolean unpinnedSigner;

        TimeStampException(String message) {
            this(message, false);
        }

        private TimeStampException(String message, boolean unpinnedSigner) {
            super(message);
            this.unpinnedSigner = unpinnedSigner;
        }

        TimeStampException(String message, Throwable cause) {
            super(message, cause);
            this.unpinnedSigner = false;
        }
    }

    private static byte[] requireSha256(byte[] imprint) {
        Objects.requireNonNull(imprint, "imprint");
        if (imprint.length != SHA256_BYTES) {
            throw new IllegalArgumentException("a SHA-256 imprint is " + SHA256_BYTES + " bytes, got " + imprint.length);
        }
        return imprint.clone();
    }

    private static BigInteger newNonce() {
        BigInteger nonce;
        do {
            nonce = new BigInteger(NONCE_BITS, RANDOM);
        } while (nonce.signum() == 0);
        return nonce;
    }

    private static TimeStampRequest parseOwnRequest(Request request) {
        Objects.requireNonNull(request, "request");
        TimeStampRequest query;
        try {
            query = new TimeStampRequest(request.der());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a time-stamp request", e);
        }
        if (query.getNonce() == null || !query.getNonce().equals(request.nonce())
                || !Arrays.equals(query.getMessageImprintDigest(), request.imprint())) {
            throw new IllegalArgumentException("the request's DER does not carry its nonce and imprint, or has no nonce");
        }
        return query;
    }

    private static TimeStampResponse parseResponse(byte[] responseDer) throws TimeStampException {
        Objects.requireNonNull(responseDer, "responseDer");
        if (responseDer.length > MAX_RESPONSE_BYTES) {
            throw new TimeStampException("malformed time-stamp response: larger than " + MAX_RESPONSE_BYTES + " bytes");
        }
        try {
            return new TimeStampResponse(responseDer);
        } catch (TSPException | IOException | RuntimeException e) {
            throw new TimeStampException("malformed time-stamp response: unreadable (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static TimeStampToken parseToken(byte[] tokenDer) throws TimeStampException {
        Objects.requireNonNull(tokenDer, "tokenDer");
        if (tokenDer.length > MAX_TOKEN_BYTES) {
            throw new TimeStampException("malformed time-stamp token: larger than " + MAX_TOKEN_BYTES + " bytes");
        }
        TimeStampToken token;
        try {
            token = new TimeStampToken(new CMSSignedData(tokenDer));
        } catch (TSPValidationException e) { // not one signer, no signing-certificate attribute, signing-time != genTime
            throw new TimeStampException("malformed time-stamp token: not one TSA signature with consistent signed attributes", e);
        } catch (Exception e) { // CMSException, TSPException, IOException or a RuntimeException from the parser
            throw new TimeStampException("malformed time-stamp token: unreadable (" + e.getClass().getSimpleName() + ")", e);
        }
        // One encoding per token: no indefinite lengths, no long-form short lengths (trailing bytes fail above).
        if (!Arrays.equals(encode(token), tokenDer)) {
            throw new TimeStampException("malformed time-stamp token: not in its definite-length encoding");
        }
        return token;
    }

    private static byte[] encode(TimeStampToken token) throws TimeStampException {
        try {
            return token.getEncoded(); // definite-length, the signed parts as the TSA encoded them
        } catch (IOException e) {
            throw new TimeStampException("malformed time-stamp token: cannot be encoded", e);
        }
    }

    /** The pinned certificates whose issuer and serial number (or key identifier) are the token's SignerId. */
    private static List<X509Certificate> pinnedSigners(TimeStampToken token, Collection<X509Certificate> pinned)
            throws TimeStampException {
        Objects.requireNonNull(pinned, "pinned");
        List<X509Certificate> signers = new ArrayList<>();
        for (X509Certificate cert : pinned) {
            if (token.getSID().match(holder(cert))) {
                signers.add(cert);
            }
        }
        return signers;
    }

    /**
     * Bouncy Castle's RFC 3161 check of the token against the pinned certificate as trust anchor: the
     * signing-certificate attribute's hash names this certificate, its ExtendedKeyUsage is solely timeStamping
     * and critical, it was valid at genTime, and the CMS signature verifies with its key. The checks before are
     * only there to say which of these failed.
     */
    private static void validate(TimeStampToken token, X509Certificate cert) throws TimeStampException {
        requireTimeStampingOnly(cert);
        requireValidAt(cert, token.getTimeStampInfo().getGenTime());
        SignerInformationVerifier verifier = verifier(cert);
        try {
            token.validate(verifier, Set.of(SHA256));
        } catch (TSPException | RuntimeException e) {
            if (!signatureVerifies(token, verifier)) {
                throw new TimeStampException("the token's signature does not verify", e);
            }
            throw new TimeStampException("the token's signing-certificate attribute does not name the pinned TSA certificate", e);
        }
    }

    private static void requireTimeStampingOnly(X509Certificate cert) throws TimeStampException {
        List<String> usages;
        try {
            usages = cert.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            usages = null;
        }
        Set<String> critical = cert.getCriticalExtensionOIDs();
        if (!List.of(TIME_STAMPING).equals(usages) || critical == null
                || !critical.contains(Extension.extendedKeyUsage.getId())) {
            throw new TimeStampException("the pinned TSA certificate's ExtendedKeyUsage is not solely timeStamping and critical");
        }
    }

    private static void requireValidAt(X509Certificate cert, Date genTime) throws TimeStampException {
        try {
            cert.checkValidity(genTime);
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new TimeStampException("the pinned TSA certificate was not valid at the token's genTime");
        }
    }

    private static boolean signatureVerifies(TimeStampToken token, SignerInformationVerifier verifier) {
        try {
            return token.isSignatureValid(verifier);
        } catch (TSPException | RuntimeException e) {
            return false;
        }
    }

    private static SignerInformationVerifier verifier(X509Certificate cert) throws TimeStampException {
        try {
            return new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(cert);
        } catch (OperatorCreationException | RuntimeException e) {
            throw new TimeStampException("the pinned TSA certificate's key cannot verify signatures", e);
        }
    }

    private static X509CertificateHolder holder(X509Certificate cert) throws TimeStampException {
        try {
            return new JcaX509CertificateHolder(cert);
        } catch (CertificateEncodingException | RuntimeException e) {
            throw new TimeStampException("the pinned TSA certificate cannot be encoded", e);
        }
    }
}

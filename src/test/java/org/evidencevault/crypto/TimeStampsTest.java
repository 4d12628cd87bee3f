package org.evidencevault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.evidencevault.crypto.TimeStamps.Request;
import org.evidencevault.crypto.TimeStamps.TimeStampException;
import org.evidencevault.crypto.TimeStamps.Token;
import org.evidencevault.ledger.TimestampVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 3161 time-stamps of checkpoint hashes against a TSA on 127.0.0.1; every tamper starts from a valid token. */
class TimeStampsTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final byte[] CHECKPOINT = Digests.sha256("evidence-vault checkpoint 42\n".getBytes(StandardCharsets.UTF_8));
    private static final byte[] OTHER_CHECKPOINT = Digests.sha256("evidence-vault checkpoint 43\n".getBytes(StandardCharsets.UTF_8));

    private static LocalTsa tsa;
    private static LocalTsa otherTsa;

    @BeforeAll
    static void startTsas() {
        tsa = LocalTsa.start("Test TSA");
        otherTsa = LocalTsa.start("Other TSA");
    }

    @AfterAll
    static void stopTsas() {
        tsa.close();
        otherTsa.close();
    }

    @Test
    void aRequestAnsweredByTheTsaIsAcceptedAndItsTokenVerifiesAgainstThePinnedCertificate() throws Exception {
        int before = tsa.requests();
        Request request = TimeStamps.request(CHECKPOINT);

        Token accepted = TimeStamps.accept(request, post(tsa, request.der()), tsa.certificate());

        assertThat(tsa.requests()).isEqualTo(before + 1);
        assertThat(accepted.genTime()).isCloseTo(Instant.now(), within(5, ChronoUnit.SECONDS));
        assertThat(accepted.tsaSubject()).isEqualTo("CN=Test TSA");
        Token verified = TimeStamps.verify(accepted.der(), CHECKPOINT, List.of(tsa.certificate()));
        assertThat(verified.genTime()).isEqualTo(accepted.genTime());
        assertThat(verified.tsaSubject()).isEqualTo("CN=Test TSA");
        assertThat(verified.der()).isEqualTo(accepted.der());
    }

    @Test
    void aRequestIsSha256WithAFreshPositive64BitNonceAndAsksForTheCertificate() throws Exception {
        Request one = TimeStamps.request(CHECKPOINT);
        Request two = TimeStamps.request(CHECKPOINT);

        TimeStampRequest parsed = new TimeStampRequest(one.der());
        assertThat(parsed.getMessageImprintAlgOID()).isEqualTo(NISTObjectIdentifiers.id_sha256);
        assertThat(parsed.getMessageImprintDigest()).isEqualTo(CHECKPOINT);
        assertThat(parsed.getNonce()).isEqualTo(one.nonce());
        assertThat(parsed.getCertReq()).isTrue();
        assertThat(one.nonce().signum()).isPositive();
        assertThat(one.nonce().bitLength()).isLessThanOrEqualTo(64);
        assertThat(two.nonce()).isNotEqualTo(one.nonce());
    }

    @Test
    void anImprintThatIsNot32BytesIsRefused() {
        assertThatThrownBy(() -> TimeStamps.request(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TimeStamps.request(new byte[33])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TimeStamps.verify(stamp(CHECKPOINT), Arrays.copyOf(CHECKPOINT, 31),
                List.of(tsa.certificate()))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTokenDoesNotVerifyForAnotherImprint() throws Exception {
        byte[] token = stamp(CHECKPOINT);

        assertThatThrownBy(() -> TimeStamps.verify(token, OTHER_CHECKPOINT, List.of(tsa.certificate())))
                .isInstanceOf(TimeStampException.class)
                .hasMessage("the token's message imprint is not the checkpoint's SHA-256");
    }

    @Test
    void theTokenDoesNotVerifyAgainstAnotherTsasCertificate() throws Exception {
        byte[] token = stamp(CHECKPOINT);

        assertThatThrownBy(() -> TimeStamps.verify(token, CHECKPOINT, List.of(otherTsa.certificate())))
                .isInstanceOf(TimeStampException.class)
                .hasMessage("the token is not signed by a pinned TSA certificate");
        assertThatThrownBy(() -> TimeStamps.verify(token, CHECKPOINT, List.of()))
                .isInstanceOf(TimeStampException.class)
                .hasMessage("the token is not signed by a pinned TSA certificate");
        assertThat(TimeStamps.verify(token, CHECKPOINT, List.of(otherTsa.certificate(), tsa.certificate())).tsaSubject())
                .isEqualTo("CN=Test TSA");
    }

    @Test
    void aResponseFromAnUnpinnedTsaIsRefused() throws Exception {
        Request request = TimeStamps.request(CHECKPOINT);
        byte[] response = post(otherTsa, request.der());

        assertThatThrownBy(() -> TimeStamps.accept(request, response, tsa.certificate()))
                .isInstanceOf(TimeStampException.class)
                .hasMessage("the token is not signed by a pinned TSA certificate");
    }

    @Test
    void oneFlippedByteInTheSignatureFailsVerification() throws Exception {
        byte[] token = stamp(CHECKPOINT);
        byte[] tampered = token.clone();
        tampered[tampered.length - 1] ^= 0x01; // SignerInfo.signature is the token's last field

        assertThatThrownBy(() -> TimeStamps.verify(tampered, CHECKPOINT, List.of(tsa.certificate())))
                .isInstanceOf(TimeStampException.class)
                .hasMessage("the token's signature does not verify");
    }

    @Test
    void aChangedPolicyInTheSignedTstInfoFailsVerification() throws Exception {
        byte[] token = stamp(CHECKPOINT);
        byte[] policy = {0x06, 0x09, 0x2b, 0x06, 0x01, 0x04, 0x01, (byte) 0x86, (byte) 0x8d, 0x1f, 0x01}; // 1.3.6.1.4.1.99999.1
        int at = indexOf(token, policy);
        assertThat(at).isPositive();
        byte[] tampered = token.clone();
        tampered[at + policy.length - 1] = 0x02; // 1.3.6.1.4.1.99999.2

        assertThatThrownBy(() -> TimeStamps.verify(tampered, CHECKPOINT, List.of(tsa.certificate())))
                .isInstanceOf(TimeStampException.class)
                .hasMessage("the token's signature does not verify");
    }

    @Test
    void aChangedGenTimeIsRefused() throws Exception {
        byte[] token = stamp(CHECKPOINT);
        byte[] tampered = changeGenTimeYear(token);

        // Bouncy Castle already refuses a genTime that disagrees with the signed signing-time attribute.
        assertThatThrownBy(() -> TimeStamps.verify(tampered, CHECKPOINT, List.of(tsa.certificate())))
                .isInstanceOf(TimeStampException.class)
                .hasMessage("malformed time-stamp token: not one TSA signature with consistent signed attributes");
    }

    @Test
    void aTruncatedTokenIsMalformed() throws Exception {
        byte[] token = stamp(CHECKPOINT);

        assertThatThrownBy(() -> TimeStamps.verify(Arrays.copyOf(token, token.length - 1), CHECKPOINT,
                List.of(tsa.certificate())))
                .isInstanceOf(TimeStampException.class)
                .hasMessageStartingWith("malformed time-stamp token: ");
        assertThatThrownBy(() -> TimeStamps.verify(Arrays.copyOf(token, token.length / 2), CHECKPOINT,
                List.of(tsa.certificate())))
                .isInstanceOf(TimeStampException.class)
                .hasMessageStartingWith("malformed time-stamp token: ");
        assertThatThrownBy(() -> TimeStamps.verify(new byte[0], CHECKPOINT, List.of(tsa.certificate())))
                .isInstanceOf(TimeStampException.class)
                .hasMessageStartingWith("malformed time-stamp token: ");
    }

    @Test
    void aTokenWithTrailingBytesIsMalformed() throws Exception {
        byte[] token = stamp(CHECKPOINT);

        assertThatThrownBy(() -> TimeStamps.verify(Arrays.copyOf(token, token.length + 1), CHECKPOINT,
                List.of(tsa.certificate())))
                .isInstanceOf(TimeStampException.class)
                .hasMessageStartingWith("malformed time-stamp token: ");
    }

    @Test
    void aTokenLargerThan64KibIsRefusedBeforeParsing() {
        assertThatThrownBy(() -> TimeStamps.verify(new byte[64 * 1024 + 1], CHECKPOINT, List.of(tsa.certificate())))
                .isInstanceOf(TimeStampException.class)
                .hasMessage("malformed time-stamp token: larger than 65536 bytes");
    }

    @Test
    void aResponseWhoseNonceDoesNotMatchTheRequestIsRefused() throws Exception {
        Request first = TimeStamps.request(CHECKPOINT);
        byte[] firstResponse = post(tsa, first.der());
        Request second = TimeStamps.request(CHECKPOINT);

        assertThatThrownBy(() -> TimeStamps.accept(second, firstResponse, tsa.certificate()))
                .isInstanceOf(TimeStampException.class)
                .hasMessage("the response's nonce does not match the request");
        assertThat(TimeStamps.accept(first, firstResponse, tsa.certificate()).tsaSubject()).isEqualTo("CN=Test TSA");
    }

    @Test
    void aRefusalByTheTsaIsReportedWithItsStatus() throws Exception {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        generator.setReqPolicy("1.2.3.4"); // LocalTsa accepts only its own policy
        BigInteger nonce = BigInteger.valueOf(4242);
        Request unacceptable = new Request(
                generator.generate(NISTObjectIdentifiers.id_sha256, CHECKPOINT, nonce).getEncoded(), nonce, CHECKPOINT);

        assertThatThrownBy(() -> TimeStamps.accept(unacceptable, post(tsa, unacceptable.der()), tsa.certificate()))
                .isInstanceOf(TimeStampException.class)
                .hasMessage("the TSA refused the request: status 2");
    }

    @Test
    void aResponseThatIsNotOneIsMalformed() {
        Request request = TimeStamps.request(CHECKPOINT);

        assertThatThrownBy(() -> TimeStamps.accept(request, "<html>503</html>".getBytes(StandardCharsets.US_ASCII),
                tsa.certificate()))
                .isInstanceOf(TimeStampException.class)
                .hasMessageStartingWith("malformed time-stamp response: ");
    }

    @Test
    void readCertificateReadsPemAndDerAndRefusesGarbage() throws Exception {
        X509Certificate fromPem = TimeStamps.readCertificate(tsa.certificatePem());
        X509Certificate fromDer = TimeStamps.readCertificate(tsa.certificate().getEncoded());

        assertThat(new String(tsa.certificatePem(), StandardCharsets.US_ASCII)).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(fromPem.getEncoded()).isEqualTo(tsa.certificate().getEncoded());
        assertThat(fromDer.getEncoded()).isEqualTo(tsa.certificate().getEncoded());
        assertThat(fromPem.getSubjectX500Principal().getName()).isEqualTo("CN=Test TSA");
        assertThatThrownBy(() -> TimeStamps.readCertificate("not a certificate".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(TimeStampException.class)
                .hasMessageStartingWith("malformed certificate");
        assertThatThrownBy(() -> TimeStamps.readCertificate(new byte[0])).isInstanceOf(TimeStampException.class);
        assertThatThrownBy(() -> TimeStamps.readCertificate(new byte[64 * 1024 + 1])).isInstanceOf(TimeStampException.class);
        byte[] der = tsa.certificate().getEncoded();
        assertThatThrownBy(() -> TimeStamps.readCertificate(Arrays.copyOf(der, der.length - 10)))
                .isInstanceOf(TimeStampException.class);
    }

    @Test
    void aTsaThatIsDownAnswers503WithNoBody() throws Exception {
        Request request = TimeStamps.request(CHECKPOINT);
        int before = tsa.requests();
        tsa.down(true);
        HttpResponse<byte[]> whileDown;
        try {
            whileDown = send(tsa, request.der());
        } finally {
            tsa.down(false);
        }

        assertThat(whileDown.statusCode()).isEqualTo(503);
        assertThat(whileDown.body()).isEmpty();
        assertThat(tsa.requests()).isEqualTo(before);
        HttpResponse<byte[]> afterwards = send(tsa, request.der());
        assertThat(afterwards.statusCode()).isEqualTo(200);
        assertThat(afterwards.headers().firstValue("Content-Type")).hasValue(LocalTsa.REPLY_TYPE);
        assertThat(TimeStamps.accept(request, afterwards.body(), tsa.certificate()).tsaSubject()).isEqualTo("CN=Test TSA");
    }

    @Test
    void theLedgersVerifierProvesRejectsOrIgnoresAsTheTokenDeserves() throws Exception {
        byte[] token = stamp(CHECKPOINT);
        byte[] flipped = token.clone();
        flipped[flipped.length - 1] ^= 0x01;
        Request foreign = TimeStamps.request(CHECKPOINT);
        byte[] foreignToken = TimeStamps.accept(foreign, post(otherTsa, foreign.der()), otherTsa.certificate()).der();
        TimestampVerifier verifier = TimeStamps.verifier(List.of(tsa.certificate()));

        TimestampVerifier.Outcome proven = verifier.verify(token, CHECKPOINT);
        assertThat(proven.status()).isEqualTo(TimestampVerifier.Outcome.Status.PROVEN);
        assertThat(proven.time()).isCloseTo(Instant.now(), within(5, ChronoUnit.SECONDS));
        assertThat(proven.tsa()).isEqualTo("CN=Test TSA");
        assertThat(verifier.verify(foreignToken, CHECKPOINT).status()).isEqualTo(TimestampVerifier.Outcome.Status.UNKNOWN_TSA);
        assertThat(verifier.verify(foreignToken, OTHER_CHECKPOINT).status())
                .isEqualTo(TimestampVerifier.Outcome.Status.UNKNOWN_TSA);
        assertThat(verifier.verify(flipped, CHECKPOINT))
                .isEqualTo(TimestampVerifier.Outcome.rejected("the token's signature does not verify"));
        assertThat(verifier.verify(token, OTHER_CHECKPOINT))
                .isEqualTo(TimestampVerifier.Outcome.rejected("the token's message imprint is not the checkpoint's SHA-256"));
        assertThat(verifier.verify(Arrays.copyOf(token, 100), CHECKPOINT).status())
                .isEqualTo(TimestampVerifier.Outcome.Status.REJECTED);
        assertThat(verifier.verify(token, new byte[31]).status()).isEqualTo(TimestampVerifier.Outcome.Status.REJECTED);
    }

    /** A stored token for {@code imprint}, accepted from the test TSA. */
    private static byte[] stamp(byte[] imprint) throws Exception {
        Request request = TimeStamps.request(imprint);
        return TimeStamps.accept(request, post(tsa, request.der()), tsa.certificate()).der();
    }

    private static byte[] post(LocalTsa to, byte[] query) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = send(to, query);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static HttpResponse<byte[]> send(LocalTsa to, byte[] query) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(to.uri())
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", LocalTsa.QUERY_TYPE)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(query))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(Arrays.copyOfRange(haystack, i, i + needle.length), needle)) {
                return i;
            }
        }
        return -1;
    }

    /** The token with TSTInfo.genTime one year later (still within the certificate's validity), all else untouched. */
    private static byte[] changeGenTimeYear(byte[] token) {
        int year = Year.now(ZoneOffset.UTC).getValue();
        byte[] pattern = String.valueOf(year).getBytes(StandardCharsets.US_ASCII);
        byte[] later = String.valueOf(year + 1).getBytes(StandardCharsets.US_ASCII);
        for (int i = 2; i + pattern.length <= token.length; i++) {
            // GeneralizedTime (tag 0x18, one-byte length, YYYYMMDDhhmmss[.f]Z); signingTime and validity are UTCTime.
            if (token[i - 2] == 0x18 && token[i - 1] >= 15 && token[i - 1] <= 24
                    && Arrays.equals(Arrays.copyOfRange(token, i, i + pattern.length), pattern)) {
                byte[] tampered = token.clone();
                System.arraycopy(later, 0, tampered, i, later.length);
                return tampered;
            }
        }
        throw new AssertionError("no GeneralizedTime in the token");
    }
}

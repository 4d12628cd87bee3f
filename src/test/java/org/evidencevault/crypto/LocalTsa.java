package org.evidencevault.crypto;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * An RFC 3161 Time-Stamp Authority for tests, offline on 127.0.0.1: an EC P-256 key, a self-signed certificate
 * {@code CN=<name>} with the critical ExtendedKeyUsage timeStamping, and HTTP POST at {@code /tsa}
 * ({@code application/timestamp-query} in, {@code application/timestamp-reply} out). It grants every well-formed
 * request whose policy, if any, is {@link #POLICY}, with increasing serial numbers; while {@link #down down} it
 * answers 503 with no body.
 */
public final class LocalTsa implements AutoCloseable {

    public static final ASN1ObjectIdentifier POLICY = new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1");
    public static final String QUERY_TYPE = "application/timestamp-query";
    public static final String REPLY_TYPE = "application/timestamp-reply";

    private static final Provider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_QUERY_BYTES = 16 * 1024;

    private final X509Certificate certificate;
    private final TimeStampResponseGenerator responses;
    private final HttpServer server;
    private final AtomicLong serial = new AtomicLong();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicBoolean down = new AtomicBoolean();

    private LocalTsa(X509Certificate certificate, TimeStampResponseGenerator responses) throws IOException {
        this.certificate = certificate;
        this.responses = responses;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/tsa", this::handle);
        server.start();
    }

    /** A running TSA with a fresh key and certificate {@code CN=<name>}. */
    public static LocalTsa start(String name) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair keys = generator.generateKeyPair();
            X509Certificate certificate = selfSigned(name, keys);
            TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(
                    new JcaSimpleSignerInfoGeneratorBuilder().setProvider(BC)
                            .build("SHA256withECDSA", keys.getPrivate(), certificate),
                    new JcaDigestCalculatorProviderBuilder().setProvider(BC).build()
                            .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
                    POLICY);
            tokens.addCertificates(new JcaCertStore(List.of(certificate)));
            return new LocalTsa(certificate, new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED, Set.of(POLICY)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start a local TSA", e);
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tsa");
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The certificate as PEM text. */
    public byte[] certificatePem() {
        try {
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded());
            return ("-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n")
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many time-stamp replies it sent (granted or rejected); 503s while down do not count. */
    public int requests() {
        return answered.get();
    }

    /** While down, every request is answered 503 with no body. */
    public void down(boolean down) {
        this.down.set(down);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (down.get()) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type == null || !type.trim().toLowerCase(Locale.ROOT).startsWith(QUERY_TYPE)) {
                exchange.sendResponseHeaders(415, -1);
                return;
            }
            byte[] query;
            try (InputStream in = exchange.getRequestBody()) {
                query = in.readNBytes(MAX_QUERY_BYTES + 1);
            }
            if (query.length > MAX_QUERY_BYTES) {
                exchange.sendResponseHeaders(413, -1);
                return;
            }
            byte[] reply;
            try {
                reply = respond(query);
            } catch (Exception e) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", REPLY_TYPE);
            exchange.sendResponseHeaders(200, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
            answered.incrementAndGet();
        }
    }

    private synchronized byte[] respond(byte[] query) throws Exception {
        TimeStampRequest request = new TimeStampRequest(query);
        TimeStampResponse response = responses.generate(request, BigInteger.valueOf(serial.incrementAndGet()), new Date());
        return response.getEncoded();
    }

    private static X509Certificate selfSigned(String name, KeyPair keys) throws Exception {
        X500Name subject = new X500Name("CN=" + name);
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, RANDOM).setBit(63),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(3650))), subject,
                keys.getPublic());
        builder.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
        return new JcaX509CertificateConverter().setProvider(BC)
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC)
                        .build(keys.getPrivate())));
    }
}

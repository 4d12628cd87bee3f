package org.evidencevault.bag;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The valid bag the tests start from: three payload files (one name with spaces, one with non-ASCII letters), two
 * tag files and three bag-info fields, written on a fixed day.
 */
final class SampleBag {

    static final String NAME = "case-2026-041";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T10:15:00Z"), ZoneOffset.UTC);

    static final Map<String, byte[]> PAYLOAD = new LinkedHashMap<>();
    static final Map<String, byte[]> TAGS = new LinkedHashMap<>();
    static final List<Map.Entry<String, String>> INFO = List.of(
            Map.entry("Source-Organization", "Evidence Vault"),
            Map.entry("Contact-Email", "intake@evidencevault.example"),
            Map.entry("External-Identifier", "INC-2026-041"));

    static {
        PAYLOAD.put("items/report.pdf", pdfLike());
        PAYLOAD.put("testimonios/declaración de María.txt",
                "Declaro que el 3 de marzo recibí un mensaje con un enlace de Pegasus.\n".getBytes(StandardCharsets.UTF_8));
        PAYLOAD.put("items/photo 2026-03-01.jpg", bytes(3000, 7));
        TAGS.put("metadata/item-1.json", "{\"item\":1,\"kind\":\"report\",\"sealedAt\":\"2026-11-29T10:00:00Z\"}\n"
                .getBytes(StandardCharsets.UTF_8));
        TAGS.put("HowToVerify-es.txt", "Para verificar este paquete: bagit.py --validate case-2026-041\n"
                .getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] valid;

    private SampleBag() {
    }

    /** The bytes of the valid sample bag's zip. */
    static synchronized byte[] bytes() {
        if (valid == null) {
            valid = write(PAYLOAD, TAGS, INFO);
        }
        return valid.clone();
    }

    static byte[] write(Map<String, byte[]> payload, Map<String, byte[]> tags, List<Map.Entry<String, String>> info) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BagWriter writer = BagWriter.open(out, NAME, CLOCK)) {
            for (Map.Entry<String, byte[]> file : payload.entrySet()) {
                writer.addPayload(file.getKey(), new ByteArrayInputStream(file.getValue()));
            }
            for (Map.Entry<String, byte[]> file : tags.entrySet()) {
                writer.addTagFile(file.getKey(), file.getValue());
            }
            writer.finish(info);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Path file(Path dir, String name, byte[] zip) throws IOException {
        return Files.write(dir.resolve(name), zip);
    }

    static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static long payloadOctets() {
        return PAYLOAD.values().stream().mapToLong(b -> b.length).sum();
    }

    private static byte[] pdfLike() {
        byte[] body = bytes(5000, 3);
        byte[] header = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, body, 0, header.length);
        return body;
    }

    private static byte[] bytes(int length, int seed) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) (i * 31 + seed * (i >> 5));
        }
        return out;
    }
}

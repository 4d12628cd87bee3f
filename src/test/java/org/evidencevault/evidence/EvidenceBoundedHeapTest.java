package org.evidencevault.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.evidencevault.crypto.Digests;
import org.evidencevault.crypto.Totp;
import org.evidencevault.security.DemoAccounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A 2 GiB evidence upload, in one streaming request over real HTTP, into a whole vault running in a child JVM at
 * {@code -Xmx512m}: it succeeds, the SHA-256 the vault recorded is that of the bytes sent, and the heap's peak use
 * during the upload stays far below the file's size (and below the limit: it never holds the file). The size can be
 * changed with {@code -Dvault.evidence.bounded-heap-bytes}; skipped (not failed) where the temporary directory has
 * less than 3 times the size free.
 */
class EvidenceBoundedHeapTest {

    private static final Logger log = LoggerFactory.getLogger(EvidenceBoundedHeapTest.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aTwoGibibyteUploadSucceedsAtXmx512mWithoutTheHeapGrowingWithTheFile(@TempDir Path dir) throws Exception {
        long size = Long.getLong("vault.evidence.bounded-heap-bytes", 2L << 30);
        assumeTrue(Files.getFileStore(dir).getUsableSpace() > 3 * size, "not enough free disk for a " + size + "-byte upload");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                BoundedHeapChild.class.getName(), dir.resolve("data").toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            OutputStream commands = child.getOutputStream();
            String started = readUntil(out, "STARTED ");
            String base = "http://127.0.0.1:" + started.substring("STARTED ".length());
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

            String token = token(http, base);
            JsonNode incidents = get(http, base + "/api/v1/incidents", token);
            String incident = incidents.path("items").get(0).path("id").asString();
            String port = started.substring("STARTED ".length());
            // a file an eighth of the size first, then the whole size: the heap's peak must not grow with the file
            long smallPeak = upload(http, base, port, incident, token, commands, out, size / 8);
            long peak = upload(http, base, port, incident, token, commands, out, size);
            log.info("bounded heap at -Xmx512m: peak during a {} MiB upload {} MiB, during a {} MiB upload {} MiB",
                    (size / 8) >> 20, smallPeak >> 20, size >> 20, peak >> 20);
            assertThat(peak).as("heap peak during the upload").isLessThan(256L << 20).isLessThan(size / 8)
                    .isLessThan(smallPeak + (64L << 20));
        } finally {
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** Registers an item of {@code size} bytes, sends them in one request, checks the recorded SHA-256; returns the heap peak. */
    private static long upload(HttpClient http, String base, String port, String incident, String token, OutputStream commands,
                               BufferedReader out, long size) throws Exception {
        HttpResponse<String> registered = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/incidents/" + incident + "/evidence"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"DEVICE_BACKUP\",\"mediaType\":\"application/octet-stream\","
                        + "\"size\":" + size + "}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String id = JSON.readTree(registered.body()).path("id").asString();
        command(commands, out, "RESET");
        MessageDigest sent = Digests.newSha256();
        long start = System.nanoTime();
        int status = patch(port, "/api/v1/evidence/" + id + "/content", token, new Generated(size, sent), size);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(status).isEqualTo(204);
        long peak = Long.parseLong(command(commands, out, "PEAK").substring("PEAK ".length()));
        JsonNode item = get(http, base + "/api/v1/evidence/" + id, token);
        assertThat(item.path("status").asString()).isEqualTo("COMPLETE");
        assertThat(item.path("sha256").asString()).isEqualTo(HexFormat.of().formatHex(sent.digest()));
        log.info("bounded heap: {} bytes in {} s ({} MB/s)", size, String.format("%.1f", seconds), String.format("%.0f", size / 1e6 / seconds));
        return peak;
    }

    /**
     * {@code PATCH} of {@code size} bytes from {@code body} with Content-Length, over a plain socket, a megabyte at a
     * time (the JDK's HttpClient feeds a request body from a stream slowly); returns the status.
     */
    private static int patch(String port, String path, String token, InputStream body, long size) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", Integer.parseInt(port))) {
            socket.setSoTimeout(600_000);
            OutputStream out = new java.io.BufferedOutputStream(socket.getOutputStream(), 1 << 20);
            out.write(("PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\nContent-Length: " + size
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] buffer = new byte[1 << 20];
            int n;
            while ((n = body.read(buffer, 0, buffer.length)) > 0) {
                out.write(buffer, 0, n);
            }
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    private static String token(HttpClient http, String base) throws Exception {
        for (int attempt = 0; attempt < 10; attempt++) {
            String code = Totp.code(Totp.fromBase32(DemoAccounts.OFFICER_TOTP), Instant.now());
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/token"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"username\":\"" + DemoAccounts.OFFICER + "\",\"password\":\"" + DemoAccounts.OFFICER_PASSWORD
                                    + "\",\"code\":\"" + code + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return JSON.readTree(r.body()).path("token").asString();
            }
            Thread.sleep(3000);
        }
        throw new AssertionError("no token for the demo officer");
    }

    private static JsonNode get(HttpClient http, String url, String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static String command(OutputStream commands, BufferedReader out, String command) throws IOException {
        commands.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        commands.flush();
        return readUntil(out, command);
    }

    private static String readUntil(BufferedReader out, String prefix) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("the vault ended before " + prefix);
    }

    /** {@code size} pseudo-random bytes, generated as they are read (never held), hashed into {@code digest}. */
    private static final class Generated extends InputStream {
        private final long size;
        private final MessageDigest digest;
        private final byte[] block = new byte[1 << 16];
        private long sent;
        private long state = 0x9E3779B97F4A7C15L;

        Generated(long size, MessageDigest digest) {
            this.size = size;
            this.digest = digest;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (sent >= size) {
                return -1;
            }
            int n = (int) Math.min(len, Math.min(block.length, size - sent));
            for (int i = 0; i < n; i += 8) {
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                for (int j = 0; j < 8 && i + j < n; j++) {
                    b[off + i + j] = (byte) (state >>> (8 * j));
                }
            }
            digest.update(b, off, n);
            sent += n;
            return n;
        }
    }
}

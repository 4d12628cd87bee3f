package org.evidencevault.bag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A payload file far larger than any buffer, generated as it is read (never a byte array), streams into a bag and
 * verifies. Pseudo-random bytes, like the photos and videos evidence mostly is, so they are stored, not deflated.
 */
class BagStreamingTest {

    private static final long SIZE = 300L << 20;

    @TempDir
    Path dir;

    /** Pseudo-random bytes, {@code size} of them, hashed with SHA-256 on the way out as an independent check. */
    private static final class Generated extends InputStream {

        private final SplittableRandom random = new SplittableRandom(2026);
        private final MessageDigest sha256;
        private long left;

        Generated(long size) throws NoSuchAlgorithmException {
            this.left = size;
            this.sha256 = MessageDigest.getInstance("SHA-256");
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("read in chunks");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left) & ~7;
            n = n == 0 ? (int) Math.min(len, left) : n;
            for (int i = 0; i < n; i += 8) {
                long v = random.nextLong();
                for (int k = 0; k < 8 && i + k < n; k++) {
                    b[off + i + k] = (byte) (v >>> (8 * k));
                }
            }
            sha256.update(b, off, n);
            left -= n;
            return n;
        }

        String sha256() {
            return HexFormat.of().formatHex(sha256.digest());
        }
    }

    @Test
    void aThreeHundredMebibytePayloadFromAGeneratedStreamIsWrittenAndVerifiedInChunks() throws Exception {
        Path zip = dir.resolve("large.zip");
        Generated content = new Generated(SIZE);

        long start = System.nanoTime();
        BagWriter.Digests written;
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(zip), 1 << 16);
             BagWriter writer = BagWriter.open(file, "large")) {
            written = writer.addPayload("video/recording.mp4", content);
            writer.finish(List.of(Map.entry("External-Identifier", "INC-2026-041")));
        }
        long wrote = System.nanoTime();
        BagVerifier.Report report = BagVerifier.verify(zip);
        long verified = System.nanoTime();
        System.out.printf("300 MiB payload: write %d ms, verify %d ms, zip %d bytes%n", (wrote - start) / 1_000_000,
                (verified - wrote) / 1_000_000, Files.size(zip));

        assertThat(written.size()).isEqualTo(SIZE);
        assertThat(written.sha256()).isEqualTo(content.sha256());
        assertThat(report.problems()).isEmpty();
        assertThat(report.files()).filteredOn(file -> file.path().equals("data/video/recording.mp4")).singleElement()
                .satisfies(file -> {
                    assertThat(file.size()).isEqualTo(SIZE);
                    assertThat(file.sha256()).isEqualTo(written.sha256());
                    assertThat(file.sha512()).isEqualTo(written.sha512());
                });
        assertThat(report.bagInfo()).containsEntry("Payload-Oxum", SIZE + ".1");
        assertThat(Files.size(zip)).isBetween(SIZE, SIZE + SIZE / 1000);
    }
}

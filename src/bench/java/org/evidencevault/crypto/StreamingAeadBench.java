package org.evidencevault.crypto;

import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Random;

/**
 * In-process encrypt + hash throughput of evidence intake on one core: the vault's {@link StreamingAead} with
 * SHA-256 and SHA-512 of the plaintext (what an upload does per byte), next to Tink's own
 * {@code AesGcmHkdfStreaming} with the same hashes, and each cipher alone, side by side in one run. Encrypts
 * {@code megabytes} of random data (fed in 64 KiB pieces, as a network delivers them) to a discarding stream,
 * after a warm-up of the same size.
 *
 * <pre>
 * ./mvnw -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -cp "target/test-classes:target/classes:$(cat target/bench.cp)" org.evidencevault.crypto.StreamingAeadBench 1024 3
 * </pre>
 */
public final class StreamingAeadBench {

    private StreamingAeadBench() {
    }

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        byte[] key = new byte[32];
        new Random(1).nextBytes(key);
        byte[] ad = "evidence_items/5b1f0c1e-8d1a-4a86-9c53-4f7e0a1b2c3d/content".getBytes();
        byte[] piece = new byte[64 * 1024];
        new Random(2).nextBytes(piece);
        long bytes = (long) megabytes << 20;
        AesGcmHkdfStreaming tink = new AesGcmHkdfStreaming(key, "HmacSha256", 32, StreamingAead.SEGMENT, 0);
        System.out.printf("%d MiB per measurement, one thread, %s %s%n", megabytes, System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
        for (int warm = 0; warm < 2; warm++) {
            run("vault+hashes", bytes, piece, () -> StreamingAead.encrypting(OutputStream.nullOutputStream(), key, ad), true);
            run("tink+hashes", bytes, piece, () -> tink.newEncryptingStream(OutputStream.nullOutputStream(), ad), true);
        }
        for (int r = 1; r <= rounds; r++) {
            System.out.printf("round %d: vault+SHA-256+SHA-512 %.0f MB/s | vault+SHA-256, SHA-512 on a 2nd thread %.0f MB/s"
                            + " | tink+SHA-256+SHA-512 %.0f MB/s | vault+SHA-256 %.0f MB/s"
                            + " | vault alone %.0f MB/s | tink alone %.0f MB/s | SHA-256+SHA-512 alone %.0f MB/s%n", r,
                    run("vault+hashes", bytes, piece, () -> StreamingAead.encrypting(OutputStream.nullOutputStream(), key, ad), true),
                    pipelined(bytes, piece, key, ad),
                    run("tink+hashes", bytes, piece, () -> tink.newEncryptingStream(OutputStream.nullOutputStream(), ad), true),
                    run256("vault+sha256", bytes, piece, () -> StreamingAead.encrypting(OutputStream.nullOutputStream(), key, ad)),
                    run("vault", bytes, piece, () -> StreamingAead.encrypting(OutputStream.nullOutputStream(), key, ad), false),
                    run("tink", bytes, piece, () -> tink.newEncryptingStream(OutputStream.nullOutputStream(), ad), false),
                    run("hashes", bytes, piece, OutputStream::nullOutputStream, true));
        }
    }

    interface StreamFactory {
        OutputStream open() throws Exception;
    }

    /**
     * What an upload does now: the caller's thread encrypts and hashes SHA-256 segment by segment (1 MiB), SHA-512 of each
     * segment runs on a second thread, in order; MB/s once both are done.
     */
    private static double pipelined(long bytes, byte[] piece, byte[] key, byte[] ad) throws Exception {
        java.util.concurrent.ExecutorService second = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            MessageDigest sha256 = Digests.newSha256();
            MessageDigest sha512 = Digests.newSha512();
            java.util.concurrent.CompletableFuture<Void> done = java.util.concurrent.CompletableFuture.completedFuture(null);
            long start = System.nanoTime();
            try (OutputStream out = StreamingAead.encrypting(OutputStream.nullOutputStream(), key, ad)) {
                byte[] segment = new byte[StreamingAead.PLAINTEXT];
                int filled = 0;
                for (long d = 0; d < bytes; d += piece.length) {
                    out.write(piece);
                    sha256.update(piece);
                    System.arraycopy(piece, 0, segment, filled, Math.min(piece.length, segment.length - filled));
                    filled += piece.length;
                    if (filled >= segment.length - piece.length) {
                        byte[] s = java.util.Arrays.copyOf(segment, filled);
                        done = done.thenRunAsync(() -> sha512.update(s), second);
                        filled = 0;
                    }
                }
            }
            done.join();
            sha256.digest();
            sha512.digest();
            return bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
        } finally {
            second.shutdown();
        }
    }

    /** As {@link #run}, hashing with SHA-256 only. */
    private static double run256(String name, long bytes, byte[] piece, StreamFactory factory) throws Exception {
        MessageDigest sha256 = Digests.newSha256();
        long start = System.nanoTime();
        try (OutputStream out = factory.open()) {
            for (long done = 0; done < bytes; done += piece.length) {
                sha256.update(piece);
                out.write(piece);
            }
        }
        sha256.digest();
        return bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
    }

    /** MB/s (10^6 bytes per second) of writing {@code bytes} through the stream, hashing the plaintext if asked. */
    private static double run(String name, long bytes, byte[] piece, StreamFactory factory, boolean hash) throws Exception {
        MessageDigest sha256 = Digests.newSha256();
        MessageDigest sha512 = Digests.newSha512();
        long start = System.nanoTime();
        try (OutputStream out = factory.open()) {
            for (long done = 0; done < bytes; done += piece.length) {
                if (hash) {
                    sha256.update(piece);
                    sha512.update(piece);
                }
                out.write(piece);
            }
        }
        sha256.digest();
        sha512.digest();
        return bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
    }
}

package org.evidencevault.bag;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;

/**
 * Writes one BagIt 1.0 bag (RFC 8493) as a zip, streaming: the evidence package handed to a rapporteur, which proves
 * its own integrity with SHA-256 and SHA-512 payload manifests and a SHA-256 tag manifest. Every entry lives under
 * the top directory {@code <bagName>/}: payload files under {@code data/}, tag files (metadata, instructions, audit
 * bundles) beside it.
 *
 * <p>Payload files are copied in 64 KiB chunks, hashed as they are written, and never held in memory whole: a payload
 * file of any size needs the same small heap. Call {@link #finish} with the {@code bag-info.txt} fields once every
 * file is added, then {@link #close}; closing without finishing abandons the zip (no central directory is written, so
 * it is not a readable zip) and never throws for that. {@code close()} closes the output stream. Not thread-safe.
 *
 * <p>A refused path or field ({@link IllegalArgumentException}) leaves the writer usable; an I/O failure while
 * writing leaves the zip half written, and the writer then refuses everything but {@code close()}.
 */
public final class BagWriter implements AutoCloseable {

    /** The size and lower-case hex SHA-256 and SHA-512 of the bytes of one file, as written into the bag. */
    public record Digests(long size, String sha256, String sha512) {

        public Digests {
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(sha512, "sha512");
        }
    }

    /**
     * Writes a payload file's bytes to the stream it is given, e.g. a decrypting download; the stream copies them into
     * the bag in 64 KiB chunks as they come. Closing or flushing that stream does nothing.
     */
    @FunctionalInterface
    public interface PayloadWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final byte[] DECLARATION = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
            .getBytes(StandardCharsets.UTF_8);

    private static final int CHUNK = 64 * 1024;
    private static final Pattern BAG_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}");
    private static final Set<String> RESERVED_TAG_FILES = Set.of("bagit.txt", "bag-info.txt", "fetch.txt");

    private enum State { OPEN, FINISHED, FAILED, CLOSED }

    @FunctionalInterface
    private interface Fill {
        void into(PayloadSink sink) throws IOException;
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws IOException;
    }

    private final AbortableZipStream zip;
    private final String top;
    private final Clock clock;
    private final long entryTime;
    private final PathClaims claims = new PathClaims();
    private final SortedMap<String, Digests> payload = new TreeMap<>(BagPaths.CODE_POINT_ORDER);
    private final SortedMap<String, String> tagSha256 = new TreeMap<>(BagPaths.CODE_POINT_ORDER);
    private final CompressionProbe probe = new CompressionProbe();
    private final byte[] buffer = new byte[CHUNK];
    private long payloadOctets;
    private boolean declared;
    private State state = State.OPEN;

    private BagWriter(OutputStream out, String bagName, Clock clock) {
        this.zip = new AbortableZipStream(out);
        this.top = bagName + "/";
        this.clock = clock;
        this.entryTime = clock.millis();
    }

    /**
     * Starts a bag named {@code bagName} (1 to 100 of {@code A-Z a-z 0-9 . _ -}, not starting with '.') on
     * {@code out}; nothing is written until the first file is added or the bag is finished.
     */
    public static BagWriter open(OutputStream out, String bagName) {
        return open(out, bagName, Clock.systemUTC());
    }

    static BagWriter open(OutputStream out, String bagName, Clock clock) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(clock, "clock");
        if (bagName == null || !BAG_NAME.matcher(bagName).matches()) {
            throw new IllegalArgumentException("bag name must be 1 to 100 of A-Z a-z 0-9 . _ -, not starting with '.'");
        }
        return new BagWriter(out, bagName, clock);
    }

    /**
     * Streams {@code content} to its end into {@code data/<path>} and returns the size and digests of exactly the
     * bytes written. {@code path} is relative, '/'-separated, without empty, '.' or '..' segments, backslashes or
     * control characters, at most 4096 UTF-8 bytes, and not already in the bag, even in another case. The caller
     * closes {@code content}.
     */
    public Digests addPayload(String path, InputStream content) throws IOException {
        Objects.requireNonNull(content, "content");
        return writePayload(path, sink -> sink.copyFrom(content));
    }

    /**
     * Like {@link #addPayload(String, InputStream)}, for bytes that are pushed rather than pulled: {@code content}
     * writes them, to its end, to the stream it is given, which must not be used after it returns.
     */
    public Digests addPayload(String path, PayloadWriter content) throws IOException {
        Objects.requireNonNull(content, "content");
        return writePayload(path, content::writeTo);
    }

    private Digests writePayload(String path, Fill content) throws IOException {
        requireOpen();
        String bagPath = "data/" + BagPaths.checkWritable(path);
        claims.claim(bagPath);
        Digests digests = step(() -> {
            PayloadSink sink = new PayloadSink(bagPath);
            content.into(sink);
            return sink.end();
        });
        payload.put(bagPath, digests);
        payloadOctets += digests.size();
        return digests;
    }

    /**
     * Writes a tag file at {@code <path>} beside {@code data/}, e.g. {@code metadata/item-1.json}: the same path rules
     * as payload files, and not under {@code data/}, not {@code bagit.txt}, {@code bag-info.txt}, {@code fetch.txt}
     * or a {@code manifest-*} or {@code tagmanifest-*} file, which the bag's format reserves.
     */
    public void addTagFile(String path, byte[] content) throws IOException {
        Objects.requireNonNull(content, "content");
        requireOpen();
        String bagPath = checkTagPath(BagPaths.checkWritable(path));
        claims.claim(bagPath);
        byte[] copy = content.clone();
        step(() -> writeTag(bagPath, copy));
    }

    /**
     * Completes the bag: {@code bag-info.txt} with the given fields in order (labels without ':', control characters
     * or surrounding whitespace; values on one line), {@code Bagging-Date} (today, UTC) unless given, and the
     * computed {@code Payload-Oxum}; then both payload manifests and the tag manifest, and the zip's directory.
     */
    public void finish(List<Map.Entry<String, String>> bagInfo) throws IOException {
        requireOpen();
        List<Map.Entry<String, String>> fields = BagInfo.checked(bagInfo);
        step(() -> {
            writeTag("bag-info.txt", BagInfo.format(fields, LocalDate.now(clock), payloadOctets, payload.size()));
            writeTag(Algorithm.SHA256.payloadManifest(), payloadManifest(Algorithm.SHA256));
            writeTag(Algorithm.SHA512.payloadManifest(), payloadManifest(Algorithm.SHA512));
            writeEntry(Algorithm.SHA256.tagManifest(), Manifests.format(tagSha256), Deflater.DEFAULT_COMPRESSION);
            zip.finish();
            return null;
        });
        state = State.FINISHED;
    }

    /**
     * Closes the output stream, after {@link #finish}; without it, abandons the zip instead, quietly. Closing twice
     * does nothing.
     */
    @Override
    public void close() throws IOException {
        State was = state;
        state = State.CLOSED;
        if (was == State.CLOSED) {
            return;
        }
        probe.end();
        if (was == State.FINISHED) {
            zip.close();
        } else {
            zip.abort();
        }
    }

    private void requireOpen() {
        switch (state) {
            case OPEN -> { }
            case FINISHED -> throw new IllegalStateException("bag is already finished");
            case FAILED -> throw new IllegalStateException("bag writer failed earlier");
            case CLOSED -> throw new IllegalStateException("bag writer is closed");
            default -> throw new IllegalStateException("bag writer is in an unknown state");
        }
    }

    /** Runs a write, after the bag declaration if none is written yet; a failure leaves the writer failed. */
    private <T> T step(Step<T> write) throws IOException {
        boolean done = false;
        try {
            if (!declared) {
                declared = true;
                writeTag("bagit.txt", DECLARATION);
            }
            T result = write.run();
            done = true;
            return result;
        } finally {
            if (!done) {
                state = State.FAILED;
            }
        }
    }

    private Digests writeTag(String bagPath, byte[] content) throws IOException {
        writeEntry(bagPath, content, Deflater.DEFAULT_COMPRESSION);
        Hashing hashing = new Hashing();
        hashing.update(content, 0, content.length);
        Digests digests = hashing.digests();
        tagSha256.put(bagPath, digests.sha256());
        return digests;
    }

    private void writeEntry(String bagPath, byte[] content, int level) throws IOException {
        zip.setLevel(level);
        zip.putNextEntry(entry(bagPath));
        zip.write(content);
        zip.closeEntry();
    }

    /**
     * The zip entry of one payload file, as a stream: bytes are gathered into the writer's 64 KiB buffer and each full
     * chunk hashed and written. The entry itself starts with the first chunk, whose bytes decide the deflate level.
     */
    private final class PayloadSink extends OutputStream {

        private final String bagPath;
        private final Hashing hashing = new Hashing();
        private int buffered;
        private boolean started;
        private boolean ended;

        PayloadSink(String bagPath) {
            this.bagPath = bagPath;
        }

        @Override
        public void write(int b) throws IOException {
            requireNotEnded();
            buffer[buffered++] = (byte) b;
            if (buffered == CHUNK) {
                writeChunk();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            requireNotEnded();
            while (len > 0) {
                int n = Math.min(len, CHUNK - buffered);
                System.arraycopy(b, off, buffer, buffered, n);
                buffered += n;
                off += n;
                len -= n;
                if (buffered == CHUNK) {
                    writeChunk();
                }
            }
        }

        void copyFrom(InputStream in) throws IOException {
            for (int n = in.readNBytes(buffer, buffered, CHUNK - buffered); n > 0;
                 n = in.readNBytes(buffer, buffered, CHUNK - buffered)) {
                buffered += n;
                if (buffered == CHUNK) {
                    writeChunk();
                }
            }
        }

        Digests end() throws IOException {
            requireNotEnded();
            writeChunk();
            zip.closeEntry();
            ended = true;
            return hashing.digests();
        }

        private void writeChunk() throws IOException {
            if (!started) {
                zip.setLevel(probe.levelFor(buffer, buffered));
                zip.putNextEntry(entry(bagPath));
                started = true;
            }
            hashing.update(buffer, 0, buffered);
            zip.write(buffer, 0, buffered);
            buffered = 0;
        }

        private void requireNotEnded() throws IOException {
            if (ended) {
                throw new IOException("payload stream used after its file was added");
            }
        }
    }

    private ZipEntry entry(String bagPath) {
        ZipEntry entry = new ZipEntry(top + bagPath);
        entry.setTime(entryTime);
        return entry;
    }

    private byte[] payloadManifest(Algorithm algorithm) {
        SortedMap<String, String> hexByPath = new TreeMap<>(BagPaths.CODE_POINT_ORDER);
        payload.forEach((path, digests) -> hexByPath.put(path, algorithm.of(digests)));
        return Manifests.format(hexByPath);
    }

    private static String checkTagPath(String path) {
        String folded = BagPaths.fold(path);
        int slash = folded.indexOf('/');
        if ((slash < 0 ? folded : folded.substring(0, slash)).equals("data")) {
            throw new IllegalArgumentException("tag file must not be under data/");
        }
        if (slash < 0 && isReserved(folded)) {
            throw new IllegalArgumentException("tag file name is reserved");
        }
        if (Character.isWhitespace(path.charAt(0)) || Character.isSpaceChar(path.charAt(0))) {
            throw new IllegalArgumentException("tag file path must not start with whitespace");
        }
        return path;
    }

    private static boolean isReserved(String foldedName) {
        return RESERVED_TAG_FILES.contains(foldedName) || foldedName.startsWith("manifest-")
                || foldedName.startsWith("tagmanifest-");
    }
}

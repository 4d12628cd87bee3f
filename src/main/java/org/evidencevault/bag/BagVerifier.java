package org.evidencevault.bag;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Checks a zipped BagIt bag (RFC 8493) the way a rapporteur's side would, without unpacking it: the zip's entry
 * names are safe and under one top directory; {@code bagit.txt}, {@code bag-info.txt}, both payload manifests and the
 * tag manifest are present and well formed; every payload file is listed in every payload manifest, every listed file
 * is present, every checksum matches; every tag file is listed in the tag manifest and matches; {@code Payload-Oxum}
 * matches. It collects every problem rather than stopping at the first.
 *
 * <p>Each entry is streamed once, through SHA-256 and SHA-512 together, and never held in memory. Declared sizes are
 * not trusted: reading stops one byte past an entry's declared size, and the declared sizes together must stay under
 * {@link Limits#maxOctets()}, so a zip bomb costs at most that much hashing.
 */
public final class BagVerifier {

    /** A payload or tag file of the bag, by bag-relative path, with the size and digests computed from its bytes. */
    public record FileResult(String path, long size, String sha256, String sha512, boolean ok) {

        /**
         * @param sha256 lower-case hex, or "" if the entry could not be read to its end
         * @param ok     read to its end, and no problem found with it (listed, and matching, wherever it should be)
         */
        public FileResult {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(sha512, "sha512");
        }
    }

    /**
     * The outcome of a verification: the bag's name ("" if the zip is not one bag directory), every file in path
     * order, every problem found (one sentence each, naming the file), and the {@code bag-info.txt} fields in order
     * (the values of a repeated label joined by LF).
     */
    public record Report(String bagName, List<FileResult> files, List<String> problems, Map<String, String> bagInfo) {

        public Report {
            Objects.requireNonNull(bagName, "bagName");
            files = List.copyOf(files);
            problems = List.copyOf(problems);
            bagInfo = Collections.unmodifiableMap(new LinkedHashMap<>(bagInfo));
        }

        /** True when no problem was found. */
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /** How much a zip may ask of the verifier: its number of entries and their declared uncompressed octets. */
    public record Limits(int maxEntries, long maxOctets) {

        /** 100,000 entries and 64 GiB. */
        public static final Limits DEFAULT = new Limits(100_000, 64L << 30);

        public Limits {
            if (maxEntries < 1 || maxOctets < 0) {
                throw new IllegalArgumentException("maxEntries must be positive and maxOctets not negative");
            }
        }
    }

    private BagVerifier() {
    }

    /** Verifies the zip at {@code zip} within {@link Limits#DEFAULT}; a file that is not a zip is a problem. */
    public static Report verify(Path zip) throws IOException {
        return verify(zip, Limits.DEFAULT);
    }

    /** Verifies the zip at {@code zip}; a file that is not a zip is a problem, a file that cannot be read throws. */
    public static Report verify(Path zip, Limits limits) throws IOException {
        ZipFile file;
        try {
            file = new ZipFile(zip.toFile(), StandardCharsets.UTF_8);
        } catch (ZipException e) {
            return new Report("", List.of(), List.of(zip.getFileName() + ": is not a readable zip file"), Map.of());
        }
        try (file) {
            return verify(file, limits);
        }
    }

    /** Verifies an open zip within {@link Limits#DEFAULT}; the caller closes it. */
    public static Report verify(ZipFile zip) {
        return verify(zip, Limits.DEFAULT);
    }

    /** Verifies an open zip; the caller closes it. */
    public static Report verify(ZipFile zip, Limits limits) {
        String zipName = String.valueOf(Path.of(zip.getName()).getFileName());
        Problems problems = new Problems();
        if (zip.size() > limits.maxEntries()) {
            problems.add(zipName + ": has more than " + limits.maxEntries() + " entries");
            return new Report("", List.of(), problems.list(), Map.of());
        }
        BagIndex index = BagIndex.scan(zip, zipName, problems);
        if (!index.isBag() || !withinLimit(index, limits, zipName, problems)) {
            return new Report(index.bagName(), List.of(), problems.list(), Map.of());
        }
        BagContents contents = BagContents.read(zip, index, problems);
        BagChecks.run(index, contents, problems);
        return new Report(index.bagName(), results(index, contents, problems), problems.list(), bagInfo(contents));
    }

    /**
     * The bytes of the tag file at bag-relative {@code path} (e.g. {@code metadata/item-1.json}) of the bag zipped
     * at {@code zip}, if it has at most {@code maxBytes}; else an {@link IOException}. Meant for after verification.
     */
    public static byte[] readTagFile(Path zip, String path, int maxBytes) throws IOException {
        checkReadable(path);
        if (path.startsWith("data/")) {
            throw new IllegalArgumentException("path is a payload file, not a tag file");
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative");
        }
        try (ZipFile file = new ZipFile(zip.toFile(), StandardCharsets.UTF_8)) {
            BagIndex index = BagIndex.scan(file, String.valueOf(zip.getFileName()), new Problems());
            ZipEntry entry = index.files().get(path);
            if (entry == null) {
                throw new NoSuchFileException(path);
            }
            long size = entry.getSize() < 0 ? maxBytes : entry.getSize();
            if (size > maxBytes) {
                throw new IOException("tag file is larger than " + maxBytes + " bytes");
            }
            try (InputStream in = new BoundedEntryStream(file.getInputStream(entry), size)) {
                return in.readAllBytes();
            }
        }
    }

    /**
     * Opens the payload file {@code data/<path>} of the bag {@code bagName} in {@code zip}: {@code path} as given to
     * {@link BagWriter#addPayload}. The stream fails rather than yield more bytes than the entry declares.
     */
    public static InputStream openPayload(ZipFile zip, String bagName, String path) throws IOException {
        if (bagName == null || bagName.indexOf('/') >= 0 || BagPaths.structuralFlaw(bagName) != null) {
            throw new IllegalArgumentException("bag name must be one path segment");
        }
        checkReadable(path);
        ZipEntry entry = zip.getEntry(bagName + "/data/" + path);
        if (entry == null || entry.isDirectory()) {
            throw new NoSuchFileException("data/" + path);
        }
        if (entry.getSize() < 0) {
            throw new IOException("payload file has no declared size");
        }
        return new BoundedEntryStream(zip.getInputStream(entry), entry.getSize());
    }

    private static void checkReadable(String path) {
        String flaw = path == null ? "path is missing" : BagPaths.structuralFlaw(path);
        if (flaw != null) {
            throw new IllegalArgumentException(flaw);
        }
    }

    private static boolean withinLimit(BagIndex index, Limits limits, String zipName, Problems problems) {
        long declared = 0;
        for (ZipEntry entry : index.files().values()) {
            long size = Math.max(0, entry.getSize());
            declared = size > Long.MAX_VALUE - declared ? Long.MAX_VALUE : declared + size;
        }
        if (declared > limits.maxOctets()) {
            problems.add(zipName + ": declares " + declared + " octets uncompressed, more than the limit of "
                    + limits.maxOctets());
            return false;
        }
        return true;
    }

    private static List<FileResult> results(BagIndex index, BagContents contents, Problems problems) {
        return index.files().keySet().stream().map(path -> {
            BagContents.Read read = contents.reads().get(path);
            boolean complete = read.complete();
            return new FileResult(path, read.size(), complete ? read.digests().sha256() : "",
                    complete ? read.digests().sha512() : "", complete && !problems.suspect(path));
        }).toList();
    }

    private static Map<String, String> bagInfo(BagContents contents) {
        Map<String, String> fields = new LinkedHashMap<>();
        contents.bagInfo().forEach(field -> fields.merge(field.getKey(), field.getValue(), (a, b) -> a + "\n" + b));
        return fields;
    }
}

package org.evidencevault.bag;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What one pass over a bag's files learns: the size and digests of every file as actually inflated (each entry is
 * streamed exactly once, bounded by its declared size), and, parsed in that same pass, the bag declaration,
 * {@code bag-info.txt} and the manifests. Each entry that cannot be read to its end is reported.
 */
final class BagContents {

    /** The most lines of bagit.txt or bag-info.txt read; a real one has a few dozen. */
    private static final int MAX_INFO_LINES = 1000;

    /** The octets read of a file, and its digests if it was read to its declared end (else null). */
    record Read(long size, BagWriter.Digests digests) {

        boolean complete() {
            return digests != null;
        }
    }

    @FunctionalInterface
    private interface TagParser {
        void parse(TagLines lines) throws IOException, TagFileException;
    }

    /** How to read one kind of tag file: at most {@code maxLines} lines, into this object's fields. */
    private record TagReading(int maxLines, TagParser parser) {
    }

    private final Map<String, Read> reads = new HashMap<>();
    private final Map<Algorithm, Map<String, String>> payloadManifests = new EnumMap<>(Algorithm.class);
    private final Map<Algorithm, Map<String, String>> tagManifests = new EnumMap<>(Algorithm.class);
    private final int maxListed;
    private final Problems problems;
    private List<Map.Entry<String, String>> declaration;
    private boolean declarationBom;
    private List<Map.Entry<String, String>> bagInfo = List.of();

    private BagContents(int maxListed, Problems problems) {
        this.maxListed = maxListed;
        this.problems = problems;
    }

    /** Reads every file of the bag once, in path order. */
    static BagContents read(ZipFile zip, BagIndex index, Problems problems) {
        BagContents contents = new BagContents(zip.size(), problems);
        index.files().forEach((path, entry) -> contents.reads.put(path, contents.readEntry(zip, path, entry)));
        return contents;
    }

    private Read readEntry(ZipFile zip, String path, ZipEntry entry) {
        long declared = entry.getSize();
        if (declared < 0) {
            problems.about(path, path + ": has no declared size in the zip");
            return new Read(0, null);
        }
        BoundedEntryStream bounded = null;
        try (InputStream raw = zip.getInputStream(entry)) {
            bounded = new BoundedEntryStream(raw, declared);
            HashingStream in = new HashingStream(bounded);
            parse(path, in);
            in.drain();
            return checkedEnd(path, entry, bounded.count(), in);
        } catch (BoundedEntryStream.TooLargeException e) {
            problems.about(path, path + ": inflates to more than its declared " + declared + " octets");
        } catch (IOException e) {
            problems.about(path, path + ": cannot be read, its zip entry is corrupt");
        }
        return new Read(bounded == null ? 0 : bounded.count(), null);
    }

    private Read checkedEnd(String path, ZipEntry entry, long count, HashingStream in) {
        if (count < entry.getSize()) {
            problems.about(path, path + ": is shorter than its declared " + entry.getSize() + " octets");
            return new Read(count, null);
        }
        if (entry.getCrc() != -1 && entry.getCrc() != in.crc()) {
            problems.about(path, path + ": CRC-32 does not match the zip directory");
            return new Read(count, null);
        }
        return new Read(count, in.digests());
    }

    private void parse(String path, InputStream in) throws IOException {
        TagReading reading = readingOf(path);
        if (reading == null) {
            return;
        }
        try {
            reading.parser().parse(new TagLines(in, reading.maxLines()));
        } catch (TagFileException e) {
            problems.about(path, path + ": " + e.getMessage());
        }
    }

    /** How to parse the file at {@code path} while it is hashed, or null if it is not parsed. */
    private TagReading readingOf(String path) {
        if (path.equals("bagit.txt")) {
            return new TagReading(MAX_INFO_LINES, lines -> {
                declaration = BagInfo.parse(lines, path, problems);
                declarationBom = lines.startsWithBom();
            });
        }
        if (path.equals("bag-info.txt")) {
            return new TagReading(MAX_INFO_LINES, lines -> bagInfo = BagInfo.parse(lines, path, problems));
        }
        for (Algorithm algorithm : Algorithm.values()) {
            if (path.equals(algorithm.payloadManifest())) {
                return new TagReading(Integer.MAX_VALUE, lines -> payloadManifests.put(algorithm,
                        Manifests.parse(lines, path, Manifests.Kind.PAYLOAD, algorithm, maxListed, problems)));
            }
            if (path.equals(algorithm.tagManifest())) {
                return new TagReading(Integer.MAX_VALUE, lines -> tagManifests.put(algorithm,
                        Manifests.parse(lines, path, Manifests.Kind.TAG, algorithm, maxListed, problems)));
            }
        }
        return null;
    }

    /** Every file read, by bag-relative path. */
    Map<String, Read> reads() {
        return reads;
    }

    /** The fields of bagit.txt, or null if it is absent or could not be read as text. */
    List<Map.Entry<String, String>> declaration() {
        return declaration;
    }

    boolean declarationStartsWithBom() {
        return declarationBom;
    }

    /** The fields of bag-info.txt in order, repeats kept; empty if it is absent. */
    List<Map.Entry<String, String>> bagInfo() {
        return bagInfo;
    }

    /** The payload manifest of an algorithm, path to hex, or null if absent or unreadable as text. */
    Map<String, String> payloadManifest(Algorithm algorithm) {
        return payloadManifests.get(algorithm);
    }

    /** The tag manifest of an algorithm, path to hex, or null if absent or unreadable as text. */
    Map<String, String> tagManifest(Algorithm algorithm) {
        return tagManifests.get(algorithm);
    }
}

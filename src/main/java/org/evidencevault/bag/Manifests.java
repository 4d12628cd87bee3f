package org.evidencevault.bag;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payload and tag manifests (RFC 8493 §2.1.3, §2.2.1): one {@code <hex checksum> <path>} line per file. Written
 * with two spaces, LF line endings, paths percent-encoded and in code point order; read leniently as the RFC
 * allows (one or more spaces or tabs, any line ending, hex in either case), with every bad line reported.
 */
final class Manifests {

    /** Whether a manifest lists payload files (under {@code data/}) or tag files (anything else). */
    enum Kind { PAYLOAD, TAG }

    private static final Pattern LINE = Pattern.compile("([0-9A-Fa-f]+)[ \\t]+(.*)");

    private Manifests() {
    }

    /** The manifest of the given files, keyed by bag-relative path and already sorted, to lower-case hex. */
    static byte[] format(SortedMap<String, String> hexByPath) {
        StringBuilder text = new StringBuilder();
        hexByPath.forEach((path, hex) -> text.append(hex).append("  ").append(BagPaths.percentEncode(path)).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a manifest into bag-relative path to lower-case hex, in listing order; each malformed line, unsafe or
     * misplaced path and repeated path is reported against {@code file} and left out. Stops, reporting it, after
     * {@code maxListed} listed paths: a manifest cannot list more files than the zip has entries.
     */
    static Map<String, String> parse(TagLines lines, String file, Kind kind, Algorithm algorithm, int maxListed,
                                     Problems problems) throws IOException, TagFileException {
        Map<String, String> listed = new LinkedHashMap<>();
        for (String line = lines.next(); line != null; line = lines.next()) {
            if (line.isBlank()) {
                continue;
            }
            if (listed.size() == maxListed) {
                problems.about(file, file + ": lists more files than the zip has entries");
                break;
            }
            parseLine(line, lines.lineNumber(), file, kind, algorithm, listed, problems);
        }
        return listed;
    }

    private static void parseLine(String line, int number, String file, Kind kind, Algorithm algorithm,
                                  Map<String, String> listed, Problems problems) {
        Matcher m = LINE.matcher(line);
        if (!m.matches() || m.group(1).length() != algorithm.hexLength()) {
            problems.about(file, file + ": line " + number + " is malformed");
            return;
        }
        String path = BagPaths.percentDecode(m.group(2));
        String flaw = placementFlaw(path, kind);
        if (flaw != null) {
            problems.about(file, file + ": line " + number + " " + flaw);
        } else if (listed.putIfAbsent(path, m.group(1).toLowerCase(Locale.ROOT)) != null) {
            problems.about(file, file + ": lists " + path + " more than once");
        }
    }

    private static String placementFlaw(String path, Kind kind) {
        if (BagPaths.structuralFlaw(path) != null) {
            return "has an unsafe path";
        }
        boolean payload = path.startsWith("data/");
        if (kind == Kind.PAYLOAD && !payload) {
            return "lists a file outside data/";
        }
        if (kind == Kind.TAG && payload) {
            return "lists a payload file";
        }
        return null;
    }
}

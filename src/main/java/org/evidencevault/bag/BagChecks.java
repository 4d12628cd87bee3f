package org.evidencevault.bag;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks of RFC 8493 §3 over what {@link BagContents} read: the bag declaration, {@code bag-info.txt} and its
 * {@code Payload-Oxum}, every payload file in every payload manifest and every listed file present and matching, every
 * tag file listed in the tag manifest (the RFC's SHOULD, required here) and matching. Each problem names its file.
 */
final class BagChecks {

    private static final String DECLARATION = "bagit.txt";
    private static final String BAG_INFO = "bag-info.txt";
    private static final Set<String> VERSIONS = Set.of("1.0", "0.97");
    private static final Pattern OXUM = Pattern.compile("([0-9]{1,18})\\.([0-9]{1,18})");

    private final BagIndex index;
    private final BagContents contents;
    private final Problems problems;

    private BagChecks(BagIndex index, BagContents contents, Problems problems) {
        this.index = index;
        this.contents = contents;
        this.problems = problems;
    }

    static void run(BagIndex index, BagContents contents, Problems problems) {
        BagChecks checks = new BagChecks(index, contents, problems);
        checks.declaration();
        checks.bagInfo();
        checks.payloadManifest(Algorithm.SHA256);
        checks.payloadManifest(Algorithm.SHA512);
        checks.tagManifest(Algorithm.SHA256, true);
        checks.tagManifest(Algorithm.SHA512, false);
        checks.noFetching();
    }

    private void declaration() {
        if (!present(DECLARATION)) {
            problems.add(DECLARATION + ": missing from the bag");
            return;
        }
        if (contents.declarationStartsWithBom()) {
            problems.about(DECLARATION, DECLARATION + ": starts with a byte-order mark");
        }
        List<Map.Entry<String, String>> fields = contents.declaration();
        if (fields == null) {
            return;
        }
        if (fields.size() != 2 || !fields.get(0).getKey().equals("BagIt-Version")
                || !fields.get(1).getKey().equals("Tag-File-Character-Encoding")) {
            problems.about(DECLARATION, DECLARATION + ": must be the two lines BagIt-Version and"
                    + " Tag-File-Character-Encoding");
            return;
        }
        if (!VERSIONS.contains(fields.get(0).getValue())) {
            problems.about(DECLARATION, DECLARATION + ": BagIt-Version " + fields.get(0).getValue()
                    + " is not supported");
        }
        if (!fields.get(1).getValue().equalsIgnoreCase("UTF-8")) {
            problems.about(DECLARATION, DECLARATION + ": Tag-File-Character-Encoding must be UTF-8");
        }
    }

    private void bagInfo() {
        if (!present(BAG_INFO)) {
            problems.add(BAG_INFO + ": missing from the bag");
            return;
        }
        for (String label : BagInfo.UNREPEATABLE) {
            if (contents.bagInfo().stream().filter(field -> field.getKey().equals(label)).count() > 1) {
                problems.about(BAG_INFO, BAG_INFO + ": " + label + " appears more than once");
            }
        }
        contents.bagInfo().stream().filter(field -> field.getKey().equals(BagInfo.PAYLOAD_OXUM)).findFirst()
                .ifPresent(field -> payloadOxum(field.getValue()));
    }

    private void payloadOxum(String oxum) {
        Matcher m = OXUM.matcher(oxum);
        if (!m.matches()) {
            problems.about(BAG_INFO, BAG_INFO + ": Payload-Oxum is malformed");
            return;
        }
        long octets = 0;
        long files = 0;
        for (Map.Entry<String, BagContents.Read> read : contents.reads().entrySet()) {
            if (isPayload(read.getKey())) {
                octets += read.getValue().size();
                files++;
            }
        }
        long saidOctets = Long.parseLong(m.group(1));
        long saidFiles = Long.parseLong(m.group(2));
        if (saidOctets != octets || saidFiles != files) {
            problems.about(BAG_INFO, BAG_INFO + ": Payload-Oxum says " + count(saidFiles, "file") + " of "
                    + count(saidOctets, "octet") + ", the bag has " + count(files, "file") + " of "
                    + count(octets, "octet"));
        }
    }

    private void payloadManifest(Algorithm algorithm) {
        String manifest = algorithm.payloadManifest();
        if (!present(manifest)) {
            problems.add(manifest + ": missing from the bag");
            return;
        }
        Map<String, String> listed = contents.payloadManifest(algorithm);
        if (listed == null) {
            return;
        }
        contents.reads().keySet().stream().filter(BagChecks::isPayload).sorted(BagPaths.CODE_POINT_ORDER)
                .forEach(path -> checkListed(path, listed.get(path), algorithm, manifest));
        listed.keySet().stream().filter(path -> !present(path))
                .forEach(path -> problems.about(manifest, manifest + " lists " + path + ", which is not in the bag"));
    }

    private void checkListed(String path, String hex, Algorithm algorithm, String manifest) {
        BagContents.Read read = contents.reads().get(path);
        if (hex == null) {
            problems.about(path, path + ": not listed in " + manifest);
        } else if (read.complete() && !hex.equals(algorithm.of(read.digests()))) {
            problems.about(path, path + ": " + algorithm.label() + " does not match " + manifest);
        }
    }

    private void tagManifest(Algorithm algorithm, boolean required) {
        String manifest = algorithm.tagManifest();
        if (!present(manifest)) {
            if (required) {
                problems.add(manifest + ": missing from the bag");
            }
            return;
        }
        Map<String, String> listed = contents.tagManifest(algorithm);
        if (listed == null) {
            return;
        }
        listed.forEach((path, hex) -> checkTagFile(path, hex, algorithm, manifest));
        contents.reads().keySet().stream()
                .filter(path -> !isPayload(path) && !isTagManifest(path) && !listed.containsKey(path))
                .sorted(BagPaths.CODE_POINT_ORDER)
                .forEach(path -> problems.about(path, path + ": not listed in " + manifest));
    }

    private void checkTagFile(String path, String hex, Algorithm algorithm, String manifest) {
        BagContents.Read read = contents.reads().get(path);
        if (read == null) {
            problems.about(manifest, manifest + " lists " + path + ", which is not in the bag");
        } else if (read.complete() && !hex.equals(algorithm.of(read.digests()))) {
            problems.about(path, manifest + ": " + path + " does not match");
        }
    }

    private void noFetching() {
        if (present("fetch.txt")) {
            problems.about("fetch.txt", "fetch.txt: fetching files from elsewhere is not supported");
        }
    }

    private boolean present(String path) {
        return index.files().containsKey(path);
    }

    private static boolean isPayload(String path) {
        return path.startsWith("data/");
    }

    private static boolean isTagManifest(String path) {
        return path.indexOf('/') < 0 && path.startsWith("tagmanifest-") && path.endsWith(".txt");
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}

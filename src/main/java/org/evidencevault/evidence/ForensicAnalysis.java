package org.evidencevault.evidence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the vault reads from MVT results and STIX2 IOC sets at intake, so that rapporteurs see what a forensic
 * confirmation rests on without opening the files: never a message, a contact or a timeline entry (MVT alerts can
 * quote SMS and contacts), only versions, dates as written, file hashes, modules, counts, indicator values, malware
 * names and bundle ids.
 *
 * <ul>
 *   <li>MVT {@code info.json}: {@code mvt_version}, {@code date} (local time of unknown zone, kept as written),
 *       {@code ioc_files}, and each {@code {file_path, sha256}} of {@code hashes}, with the items of the same
 *       incident whose bytes have that SHA-256;</li>
 *   <li>MVT {@code *_detected.json} / alerts, both shapes: an array of records each with {@code matched_indicator}
 *       (older), or of alerts {@code level, module, message, event_time, event, matched_indicator} (2026):
 *       the number of detections, the modules, the levels and the distinct matched indicator values;</li>
 *   <li>a STIX 2.1 bundle: its id, the number of indicators, the malware names.</li>
 * </ul>
 * Anything else (another JSON, CSV, a file too large to read here) gives no analysis, which is not an error.
 */
final class ForensicAnalysis {

    /** Files larger than this are not read at intake (an IOC set or an MVT result is far smaller). */
    static final int MAX_BYTES = 32 << 20;
    private static final int MAX_VALUES = 200;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ForensicAnalysis() {
    }

    /**
     * The analysis of {@code bytes} of an item of {@code kind}, or null. {@code itemsWithSha256}: the ids of the
     * incident's items whose bytes have a given SHA-256.
     */
    static Map<String, Object> of(EvidenceKind kind, byte[] bytes, Function<String, List<String>> itemsWithSha256) {
        if (bytes == null || (kind != EvidenceKind.MVT_RESULT && kind != EvidenceKind.STIX2_IOC_SET)) {
            return null;
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JacksonException e) {
            return null;
        }
        if (kind == EvidenceKind.STIX2_IOC_SET) {
            return stix(root);
        }
        if (root.isObject() && root.has("mvt_version")) {
            return mvtInfo(root, itemsWithSha256);
        }
        if (root.isArray()) {
            return mvtDetections(root);
        }
        return null;
    }

    private static Map<String, Object> stix(JsonNode root) {
        if (!root.isObject() || !"bundle".equals(root.path("type").asString(""))) {
            return null;
        }
        int indicators = 0;
        Set<String> malware = new LinkedHashSet<>();
        for (JsonNode o : root.path("objects")) {
            String type = o.path("type").asString("");
            if (type.equals("indicator")) {
                indicators++;
            } else if (type.equals("malware") && o.path("name").isString() && malware.size() < MAX_VALUES) {
                malware.add(o.path("name").asString());
            }
        }
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("type", "stix2-bundle");
        a.put("stixId", text(root.path("id")));
        a.put("indicators", indicators);
        a.put("malware", new ArrayList<>(malware));
        return a;
    }

    private static Map<String, Object> mvtInfo(JsonNode root, Function<String, List<String>> itemsWithSha256) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("type", "mvt-info");
        a.put("mvtVersion", text(root.path("mvt_version")));
        a.put("date", text(root.path("date")));
        List<String> iocFiles = new ArrayList<>();
        for (JsonNode f : root.path("ioc_files")) {
            if (f.isString() && iocFiles.size() < MAX_VALUES) {
                iocFiles.add(f.asString());
            }
        }
        a.put("iocFiles", iocFiles);
        List<Map<String, Object>> hashes = new ArrayList<>();
        for (JsonNode h : root.path("hashes")) {
            if (hashes.size() >= MAX_VALUES) {
                break;
            }
            String sha256 = text(h.path("sha256"));
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("filePath", text(h.path("file_path")));
            one.put("sha256", sha256);
            one.put("matchingItems", sha256 == null ? List.of() : itemsWithSha256.apply(sha256.toLowerCase(java.util.Locale.ROOT)));
            hashes.add(one);
        }
        a.put("hashes", hashes);
        return a;
    }

    private static Map<String, Object> mvtDetections(JsonNode root) {
        int detections = 0;
        Set<String> modules = new LinkedHashSet<>();
        Set<String> levels = new LinkedHashSet<>();
        Set<String> indicators = new LinkedHashSet<>();
        for (JsonNode r : root) {
            if (!r.isObject() || !r.has("matched_indicator")) {
                continue;
            }
            detections++;
            if (r.path("module").isString() && modules.size() < MAX_VALUES) {
                modules.add(r.path("module").asString());
            }
            if (r.path("level").isString() && levels.size() < MAX_VALUES) {
                levels.add(r.path("level").asString());
            }
            JsonNode m = r.path("matched_indicator");
            String value = m.isString() ? m.asString() : text(m.path("value"));
            if (value != null && indicators.size() < MAX_VALUES) {
                indicators.add(value);
            }
        }
        if (detections == 0) {
            return null;
        }
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("type", "mvt-detections");
        a.put("detections", detections);
        a.put("modules", new ArrayList<>(modules));
        a.put("levels", new ArrayList<>(levels));
        a.put("matchedIndicators", new ArrayList<>(indicators));
        return a;
    }

    private static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() ? null : n.isString() ? n.asString() : n.toString();
    }
}

package org.evidencevault.ledger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One audit log entry, format {@code v: 1} (docs/audit-format.md). Its canonical bytes are the RFC 8785
 * encoding of a JSON object with exactly these members; its hash is the RFC 6962 leaf hash of those
 * bytes, {@code SHA-256(0x00 || canonical)}, which is both the Merkle leaf and the {@code prev} of the
 * next entry. The first entry's {@code prev} is 64 zeros.
 *
 * @param seq        gapless sequence number from 0
 * @param time       UTC time, RFC 3339 with milliseconds and Z ({@code 2026-11-29T03:15:00.123Z}), non-decreasing
 * @param actor      account name, or "system"
 * @param role       the actor's role
 * @param kind       CHANGE, READ, ADMIN or KEY
 * @param action     what happened, e.g. {@code incident.revise}
 * @param targets    what it touched: type, id and, for changes, the new version
 * @param commitment for changes, {@code sha256:<hex>} over the stored (encrypted) change; otherwise null
 * @param prev       hex hash of the previous entry
 * @param keyId      id of the Ed25519 key that signs this entry
 */
public record AuditEntry(long seq, String time, String actor, String role, String kind, String action,
                         List<Target> targets, String commitment, String prev, String keyId) {

    public static final int FORMAT = 1;
    public static final String GENESIS_PREV = "0".repeat(64);
    public static final List<String> KINDS = java.util.Arrays.stream(EntryKind.values()).map(Enum::name).toList();
    /** Upper bound on targets per entry (a page of results is at most 200 records). */
    public static final int MAX_TARGETS = 1_000;
    /** Prefix of the signed message: {@code "evidence-vault/audit-entry/v1\n" || entry hash (32 bytes)}. */
    public static final byte[] SIGNATURE_CONTEXT = "evidence-vault/audit-entry/v1\n".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern COMMITMENT = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Set<String> MEMBERS = Set.of("v", "seq", "time", "actor", "role", "kind", "action",
            "targets", "commitment", "prev", "keyId");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A target: record type and id, and for a change the version it creates (else null). */
    public record Target(String type, String id, Long version) {
        public Target {
            requireText(type, "target type");
            requireText(id, "target id");
            if (version != null && version < 1) {
                throw new IllegalArgumentException("target version must be 1 or more");
            }
        }
    }

    public AuditEntry {
        if (seq < 0 || seq > CanonicalJson.MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException("seq out of range");
        }
        if (time == null || !TIME.matcher(time).matches() || !realTime(time)) {
            throw new IllegalArgumentException("time must be UTC RFC 3339 with milliseconds, e.g. 2026-11-29T03:15:00.123Z");
        }
        requireText(actor, "actor");
        requireText(role, "role");
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("kind must be one of " + KINDS);
        }
        requireText(action, "action");
        targets = List.copyOf(Objects.requireNonNull(targets, "targets"));
        if (targets.size() > MAX_TARGETS) {
            throw new IllegalArgumentException("at most " + MAX_TARGETS + " targets");
        }
        if (commitment != null && !COMMITMENT.matcher(commitment).matches()) {
            throw new IllegalArgumentException("commitment must be sha256:<64 hex>");
        }
        boolean commits = EntryKind.named(kind).commits();
        if (commits != (commitment != null)) {
            throw new IllegalArgumentException(commits ? "a " + kind + " entry needs a commitment"
                    : "a " + kind + " entry has no commitment");
        }
        if (prev == null || !HEX64.matcher(prev).matches()) {
            throw new IllegalArgumentException("prev must be 64 lower-case hex characters");
        }
        requireText(keyId, "keyId");
    }

    /** The RFC 8785 canonical JSON of this entry: the exact bytes that are hashed. */
    public byte[] canonicalBytes() {
        ObjectNode o = JSON.createObjectNode();
        o.put("v", FORMAT);
        o.put("seq", seq);
        o.put("time", time);
        o.put("actor", actor);
        o.put("role", role);
        o.put("kind", kind);
        o.put("action", action);
        ArrayNode ts = o.putArray("targets");
        for (Target t : targets) {
            ObjectNode n = ts.addObject();
            n.put("type", t.type());
            n.put("id", t.id());
            if (t.version() != null) {
                n.put("version", t.version());
            }
        }
        if (commitment != null) {
            o.put("commitment", commitment);
        }
        o.put("prev", prev);
        o.put("keyId", keyId);
        return CanonicalJson.canonicalize(o);
    }

    /** {@code SHA-256(0x00 || canonicalBytes())}: the Merkle leaf hash and the next entry's {@code prev}. */
    public byte[] hash() {
        return MerkleTree.leafHash(canonicalBytes());
    }

    public String hashHex() {
        return HexFormat.of().formatHex(hash());
    }

    /** The message the entry's Ed25519 signature covers. */
    public static byte[] signedMessage(byte[] entryHash) {
        byte[] m = new byte[SIGNATURE_CONTEXT.length + entryHash.length];
        System.arraycopy(SIGNATURE_CONTEXT, 0, m, 0, SIGNATURE_CONTEXT.length);
        System.arraycopy(entryHash, 0, m, SIGNATURE_CONTEXT.length, entryHash.length);
        return m;
    }

    /**
     * Parses canonical entry bytes strictly: valid canonical JSON (re-encoding gives the same bytes),
     * exactly the known members with the right types, format 1.
     */
    public static AuditEntry parse(byte[] canonical) {
        AuditEntry entry = parseCanonicalFast(canonical);
        return entry != null ? entry : parseStrictly(canonical);
    }

    /**
     * The common case, cheaply: a plain parse, then the re-encoding must equal the input byte for byte,
     * which alone proves the input canonical (duplicate keys, floats, odd escapes or white space would
     * re-encode differently). Returns null for anything else, which {@link #parseStrictly} then explains.
     */
    private static AuditEntry parseCanonicalFast(byte[] canonical) {
        try {
            AuditEntry entry = fromTree(JSON.readTree(canonical));
            return java.util.Arrays.equals(entry.canonicalBytes(), canonical) ? entry : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static AuditEntry parseStrictly(byte[] canonical) {
        AuditEntry entry = fromTree(CanonicalJson.parse(canonical));
        if (!java.util.Arrays.equals(entry.canonicalBytes(), canonical)) {
            throw new IllegalArgumentException("entry bytes are not in canonical form");
        }
        return entry;
    }

    private static AuditEntry fromTree(JsonNode o) {
        if (!o.isObject()) {
            throw new IllegalArgumentException("an entry is a JSON object");
        }
        for (String name : o.propertyNames()) {
            if (!MEMBERS.contains(name)) {
                throw new IllegalArgumentException("unknown entry member '" + name + "'");
            }
        }
        if (!o.path("v").isIntegralNumber() || o.path("v").asLong() != FORMAT) {
            throw new IllegalArgumentException("entry format v must be " + FORMAT);
        }
        List<Target> targets = new ArrayList<>();
        JsonNode ts = o.path("targets");
        if (!ts.isArray()) {
            throw new IllegalArgumentException("targets must be an array");
        }
        for (JsonNode t : ts) {
            for (String name : t.propertyNames()) {
                if (!Set.of("type", "id", "version").contains(name)) {
                    throw new IllegalArgumentException("unknown target member '" + name + "'");
                }
            }
            JsonNode version = t.get("version");
            if (version != null && !version.isIntegralNumber()) {
                throw new IllegalArgumentException("target version must be an integer");
            }
            targets.add(new Target(text(t, "type"), text(t, "id"), version == null ? null : version.asLong()));
        }
        JsonNode seq = o.path("seq");
        if (!seq.isIntegralNumber()) {
            throw new IllegalArgumentException("seq must be an integer");
        }
        return new AuditEntry(seq.asLong(), text(o, "time"), text(o, "actor"), text(o, "role"),
                text(o, "kind"), text(o, "action"), targets, o.has("commitment") ? text(o, "commitment") : null,
                text(o, "prev"), text(o, "keyId"));
    }

    private static boolean realTime(String time) {
        try {
            java.time.Instant.parse(time);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    private static String text(JsonNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null || !v.isString()) {
            throw new IllegalArgumentException("entry member '" + name + "' must be a string");
        }
        return v.asString();
    }

    private static void requireText(String s, String what) {
        if (s == null || s.isEmpty() || s.length() > 200) {
            throw new IllegalArgumentException(what + " must be 1 to 200 characters");
        }
    }
}

package org.evidencevault.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * Strict reading of audit bundles and key files: exactly the members of docs/audit-format.md ("Bundle"), all of
 * them required, no duplicates, no trailing content, integers without fractions, canonical base64 of the
 * exact lengths, and the bounds of {@link AuditBundle}. Read as a token stream, so a bundle never exists twice
 * in memory.
 *
 * <p>The input is UTF-8 and nothing else: before the top-level {@code '{'} only JSON white space may come, so a
 * byte order mark is refused, and so is a NUL byte right after the {@code '{'}, which is how UTF-16 and UTF-32
 * text begins (the parser would otherwise detect those encodings and decode them).
 */
final class AuditBundleReader {

    /** Largest key file: one ML-DSA-65 key is 2.6 KiB of base64. */
    static final int MAX_KEY_FILE_BYTES = 16 * 1024;
    private static final JsonFactory BUNDLES = factory(AuditBundle.MAX_BUNDLE_BYTES);
    private static final JsonFactory KEY_FILES = factory(MAX_KEY_FILE_BYTES);
    /** Largest key list: {@link AuditBundle#MAX_KEYS} keys of a key file's size. */
    static final int MAX_KEY_LIST_BYTES = AuditBundle.MAX_KEYS * MAX_KEY_FILE_BYTES;
    private static final JsonFactory KEY_LISTS = factory(MAX_KEY_LIST_BYTES);

    private AuditBundleReader() {
    }

    static AuditBundle readBundle(byte[] json) throws MalformedBundleException {
        int start = objectStart(json, "bundle");
        try (JsonParser parser = BUNDLES.createParser(ObjectReadContext.empty(), json, start, json.length - start)) {
            return bundle(new JsonTokenReader(parser));
        } catch (JacksonException e) {
            throw notStrictJson("bundle", e);
        }
    }

    static AuditBundle readBundle(InputStream json) throws MalformedBundleException {
        try (JsonParser parser = BUNDLES.createParser(ObjectReadContext.empty(), fromObjectStart(json, "bundle"))) {
            return bundle(new JsonTokenReader(parser));
        } catch (JacksonException e) {
            throw notStrictJson("bundle", e);
        }
    }

    static AuditPublicKey readKeyFile(byte[] json) throws MalformedBundleException {
        if (json.length > MAX_KEY_FILE_BYTES) {
            throw new MalformedBundleException("key file is " + json.length + " bytes, more than the "
                    + MAX_KEY_FILE_BYTES + " accepted");
        }
        int start = objectStart(json, "key file");
        try (JsonParser parser = KEY_FILES.createParser(ObjectReadContext.empty(), json, start, json.length - start)) {
            JsonTokenReader in = new JsonTokenReader(parser);
            in.startObject("key");
            AuditPublicKey key = BundleElementReader.key(in, "key");
            in.requireEnd();
            return key;
        } catch (JacksonException e) {
            throw notStrictJson("key file", e);
        }
    }

    /**
     * The JSON array {@code GET /api/v1/audit/keys} serves: 0 to {@link AuditBundle#MAX_KEYS} elements, each
     * read as a key file is, with no key id twice.
     */
    static List<AuditPublicKey> readKeyList(byte[] json) throws MalformedBundleException {
        if (json.length > MAX_KEY_LIST_BYTES) {
            throw new MalformedBundleException("key list is " + json.length + " bytes, more than the "
                    + MAX_KEY_LIST_BYTES + " accepted");
        }
        int start = arrayStart(json);
        try (JsonParser parser = KEY_LISTS.createParser(ObjectReadContext.empty(), json, start, json.length - start)) {
            JsonTokenReader in = new JsonTokenReader(parser);
            List<AuditPublicKey> keys = array(in, "keys", AuditBundle.MAX_KEYS, BundleElementReader::key);
            in.requireEnd();
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (int i = 0; i < keys.size(); i++) {
                if (!ids.add(keys.get(i).keyId())) {
                    throw new MalformedBundleException("keys[" + i + "] repeats the keyId of an earlier element");
                }
            }
            return keys;
        } catch (JacksonException e) {
            throw notStrictJson("key list", e);
        }
    }

    private static AuditBundle bundle(JsonTokenReader in) throws MalformedBundleException {
        in.startObject("bundle");
        String format = null;
        String origin = null;
        BundleScope scope = null;
        List<AuditPublicKey> keys = null;
        List<SignedEntry> entries = null;
        List<String> checkpoints = null;
        List<ConsistencyProof> consistencyProofs = null;
        List<InclusionProof> inclusionProofs = null;
        List<CheckpointTimestamp> timestamps = null;
        for (String name = in.nextMember(); name != null; name = in.nextMember()) {
            switch (name) {
                case "format" -> format = in.string("format", 100);
                case "origin" -> origin = in.string("origin", AuditBundle.MAX_ORIGIN_CHARS);
                case "scope" -> scope = BundleElementReader.scope(in);
                case "keys" -> keys = array(in, "keys", AuditBundle.MAX_KEYS, BundleElementReader::key);
                case "entries" -> entries = array(in, "entries", AuditBundle.MAX_ENTRIES, BundleElementReader::entry);
                case "checkpoints" -> checkpoints = array(in, "checkpoints", AuditBundle.MAX_CHECKPOINTS,
                        BundleElementReader::checkpoint);
                case "consistencyProofs" -> consistencyProofs = array(in, "consistencyProofs",
                        AuditBundle.MAX_CHECKPOINTS, BundleElementReader::consistencyProof);
                case "inclusionProofs" -> inclusionProofs = array(in, "inclusionProofs", AuditBundle.MAX_ENTRIES,
                        BundleElementReader::inclusionProof);
                case "timestamps" -> timestamps = array(in, "timestamps", AuditBundle.MAX_TIMESTAMPS,
                        BundleElementReader::timestamp);
                default -> throw new MalformedBundleException("bundle has an unknown member '" + name + "'");
            }
        }
        in.requireEnd();
        requirePresent(format, "format");
        if (!AuditBundle.FORMAT.equals(format) && !AuditBundle.FORMAT_2.equals(format)) {
            throw new MalformedBundleException("format must be '" + AuditBundle.FORMAT + "' or '" + AuditBundle.FORMAT_2 + "'");
        }
        if (AuditBundle.FORMAT_2.equals(format)) {
            requirePresent(timestamps, "timestamps");
            if (timestamps.isEmpty()) {
                throw new MalformedBundleException("timestamps of format 2 must not be empty (a bundle without tokens is format 1)");
            }
        } else if (timestamps != null) {
            throw new MalformedBundleException("bundle has an unknown member 'timestamps' (time-stamp tokens come with format 2)");
        }
        requirePresent(origin, "origin");
        requirePresent(scope, "scope");
        requirePresent(keys, "keys");
        requirePresent(entries, "entries");
        requirePresent(checkpoints, "checkpoints");
        requirePresent(consistencyProofs, "consistencyProofs");
        requirePresent(inclusionProofs, "inclusionProofs");
        try {
            return new AuditBundle(origin, scope, keys, entries, checkpoints, consistencyProofs, inclusionProofs,
                    timestamps == null ? List.of() : timestamps);
        } catch (IllegalArgumentException e) {
            throw new MalformedBundleException("bundle: " + e.getMessage());
        }
    }

    /** Reads one array element; the reader is positioned on the element's first token. */
    @FunctionalInterface
    interface ElementReader<T> {
        T read(JsonTokenReader in, String path) throws MalformedBundleException;
    }

    private static <T> List<T> array(JsonTokenReader in, String path, int max, ElementReader<T> element)
            throws MalformedBundleException {
        in.startArray(path);
        List<T> values = new ArrayList<>();
        while (in.nextElement()) {
            if (values.size() == max) {
                throw new MalformedBundleException(path + " holds more than the " + max + " elements accepted");
            }
            values.add(element.read(in, path + "[" + values.size() + "]"));
        }
        return values;
    }

    private static void requirePresent(Object value, String member) throws MalformedBundleException {
        if (value == null) {
            throw new MalformedBundleException("bundle has no '" + member + "' member");
        }
    }

    /**
     * The index of the top-level {@code '{'}: only JSON white space (space, tab, line feed, carriage return) may
     * come before it, and no NUL byte right after it.
     */
    static int objectStart(byte[] json, String what) throws MalformedBundleException {
        return valueStart(json, what, '{');
    }

    /** Like {@link #objectStart}, for a key list, which is an array: the index of its {@code '['}. */
    private static int arrayStart(byte[] json) throws MalformedBundleException {
        return valueStart(json, "key list", '[');
    }

    private static int valueStart(byte[] json, String what, char open) throws MalformedBundleException {
        int i = 0;
        while (i < json.length && isWhiteSpace(json[i])) {
            i++;
        }
        int b = i < json.length ? json[i] & 0xFF : -1;
        int next = i + 1 < json.length ? json[i + 1] & 0xFF : -1;
        int third = i + 2 < json.length ? json[i + 2] & 0xFF : -1;
        requireStart(what, open, i, b, next, () -> third);
        return i;
    }

    /** {@code json} from its top-level {@code '{'} on, checked as {@link #objectStart(byte[], String)} says. */
    private static InputStream fromObjectStart(InputStream json, String what) throws MalformedBundleException {
        try {
            PushbackInputStream in = new PushbackInputStream(json, 2);
            long i = 0;
            int b = in.read();
            while (b >= 0 && isWhiteSpace((byte) b)) {
                b = in.read();
                i++;
            }
            int next = b < 0 ? -1 : in.read();
            requireStart(what, '{', i, b, next, () -> {
                try {
                    return in.read();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (next >= 0) {
                in.unread(next);
            }
            in.unread(b);
            return in;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code third} gives the byte after {@code next}, read only to name a byte order mark in the error. */
    private static void requireStart(String what, char open, long index, int b, int next, IntSupplier third)
            throws MalformedBundleException {
        if (b == open) {
            if (next == 0) {
                throw new MalformedBundleException(String.format("%s is not UTF-8: byte %d, after '%c', is 0x00 "
                        + "(UTF-16 and UTF-32 are not accepted)", what, index + 1, open));
            }
            return;
        }
        if (index == 0 && b == 0xEF && next == 0xBB && third.getAsInt() == 0xBF) {
            throw new MalformedBundleException(String.format("%s starts with a byte order mark (EF BB BF), which is "
                    + "not accepted: it must start with '%c', after nothing but JSON white space", what, open));
        }
        if (b < 0) {
            throw new MalformedBundleException(String.format("%s must start with '%c', after nothing but JSON white "
                    + "space, but it ends first", what, open));
        }
        throw new MalformedBundleException(String.format("%s must start with '%c', after nothing but JSON white "
                + "space, but byte %d is 0x%02X", what, open, index, b));
    }

    private static boolean isWhiteSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private static MalformedBundleException notStrictJson(String what, JacksonException e) {
        return new MalformedBundleException(what + " is not strict JSON: " + e.getOriginalMessage());
    }

    private static JsonFactory factory(long maxBytes) {
        return JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(maxBytes)
                        .maxNestingDepth(16)
                        .maxStringLength(1 << 20)
                        .maxNumberLength(32)
                        .build())
                .build();
    }
}

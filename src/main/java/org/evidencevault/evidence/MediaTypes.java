package org.evidencevault.evidence;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The media type of a file from its first bytes (a table of magic numbers), never from its name: what a
 * declared type is checked against. Types a file cannot be told apart by (most text) come back as
 * {@code text/plain} or {@code application/octet-stream}, which contradict no declaration of the same family.
 */
final class MediaTypes {

    /** Bytes of the start of a file that {@link #detect} looks at. */
    static final int SNIFF_BYTES = 512;

    private record Magic(String type, int offset, byte[] bytes) {
    }

    private static final List<Magic> MAGIC = List.of(
            magic("application/pdf", 0, "%PDF-"),
            magic("image/png", 0, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a}),
            magic("image/jpeg", 0, new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff}),
            magic("image/gif", 0, "GIF87a"),
            magic("image/gif", 0, "GIF89a"),
            magic("image/webp", 8, "WEBP"),
            magic("image/heic", 4, "ftypheic"),
            magic("application/zip", 0, new byte[] {'P', 'K', 3, 4}),
            magic("application/gzip", 0, new byte[] {0x1f, (byte) 0x8b}),
            magic("application/x-tar", 257, "ustar"),
            magic("application/x-7z-compressed", 0, new byte[] {'7', 'z', (byte) 0xbc, (byte) 0xaf, 0x27, 0x1c}),
            magic("application/vnd.sqlite3", 0, "SQLite format 3\u0000"),
            magic("application/msword", 0, new byte[] {(byte) 0xd0, (byte) 0xcf, 0x11, (byte) 0xe0}));

    private MediaTypes() {
    }

    private static Magic magic(String type, int offset, String ascii) {
        return new Magic(type, offset, ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Magic magic(String type, int offset, byte[] bytes) {
        return new Magic(type, offset, bytes);
    }

    /** The type of a file that starts with {@code head[0..len)}. */
    static String detect(byte[] head, int len) {
        for (Magic m : MAGIC) {
            if (len >= m.offset() + m.bytes().length && matches(head, m.offset(), m.bytes())) {
                return m.type();
            }
        }
        int i = 0;
        while (i < len && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t'
                || (i < 3 && (head[i] & 0xff) >= 0xef))) {
            i++;
        }
        if (!text(head, len)) {
            return "application/octet-stream";
        }
        if (i < len && (head[i] == '{' || head[i] == '[')) {
            return "application/json";
        }
        String start = new String(head, 0, Math.min(len, 64), StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        if (start.startsWith("<!doctype html") || start.startsWith("<html")) {
            return "text/html";
        }
        if (start.startsWith("received:") || start.startsWith("return-path:") || start.startsWith("from:")
                || start.startsWith("delivered-to:") || start.startsWith("mime-version:")) {
            return "message/rfc822";
        }
        return "text/plain";
    }

    /**
     * Whether a declared type is told apart from what the bytes are: a binary format the bytes are not, or bytes of a
     * known binary format declared as something else. Text types and unknown bytes contradict nothing.
     */
    static boolean contradicts(String declared, String detected) {
        if (declared.equals(detected)) {
            return false;
        }
        boolean detectedKnownBinary = MAGIC.stream().anyMatch(m -> m.type().equals(detected));
        boolean declaredKnownBinary = MAGIC.stream().anyMatch(m -> m.type().equals(declared));
        return detectedKnownBinary || declaredKnownBinary;
    }

    private static boolean matches(byte[] head, int offset, byte[] magic) {
        for (int i = 0; i < magic.length; i++) {
            if (head[offset + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    /** No NUL and few control characters: text in some 8-bit or UTF encoding. */
    private static boolean text(byte[] head, int len) {
        int control = 0;
        for (int i = 0; i < len; i++) {
            int b = head[i] & 0xff;
            if (b == 0) {
                return false;
            }
            if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != 0x0c) {
                control++;
            }
        }
        return control * 20 <= Math.max(1, len);
    }
}

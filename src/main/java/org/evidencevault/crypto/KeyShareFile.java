package org.evidencevault.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link Shamir} share of a key file as text, to print or paste, one file per share:
 * <pre>
 * evidence-vault key share v1
 * split: &lt;16 random bytes, hex: the same in every share of one split&gt;
 * index: &lt;i&gt; of &lt;n&gt;, threshold &lt;k&gt;
 * secret-sha256: &lt;SHA-256 of the key file, hex&gt;
 * data: &lt;the share's bytes, base64&gt;
 * checksum: &lt;first 8 bytes of SHA-256 over the lines above, each ended by a newline, hex&gt;
 * </pre>
 * The checksum catches a mistyped or corrupted share and names it; it is not a MAC: whoever holds a share can
 * change it and write a new checksum. The secret's SHA-256 then tells a set of shares that recovers the key file
 * from one that does not (the key file's keys are 256-bit random, so the hash gives nothing to guess against).
 * Parsing is strict (these lines in this order, nothing else; trailing white space and a final blank line are
 * ignored). Errors name the share file and never show share data or secret bytes.
 */
public final class KeyShareFile {

    public static final String HEADER = "evidence-vault key share v1";
    /** Far above any key file's shares; a larger file is not a share. */
    public static final int MAX_FILE_BYTES = 4 << 20;

    private static final String[] PREFIXES = {"split: ", "index: ", "secret-sha256: ", "data: ", "checksum: "};
    private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern INDEX = Pattern.compile("([1-9][0-9]{0,2}) of ([1-9][0-9]{0,2}), threshold ([1-9][0-9]{0,2})");
    private static final HexFormat HEX = HexFormat.of();

    private KeyShareFile() {
    }

    /** A parsed, checksum-checked share file; {@code source} names it in errors. */
    public record Share(String source, String splitId, int index, int shares, int threshold, String secretSha256,
                        Shamir.Share share) {
        @Override
        public String toString() {
            return "KeyShareFile.Share[" + source + ", split " + splitId + ", " + index + " of " + shares + ", threshold "
                    + threshold + ", data redacted]";
        }
    }

    /** The texts of the {@code n} share files of {@code secret}, share 1 first; any {@code k} recover it. */
    public static List<String> split(byte[] secret, int n, int k, SecureRandom random) {
        List<Shamir.Share> shares = Shamir.split(secret, n, k, random);
        byte[] id = new byte[16];
        random.nextBytes(id);
        String splitId = HEX.formatHex(id);
        String secretSha256 = Digests.sha256Hex(secret);
        List<String> texts = new ArrayList<>(n);
        for (Shamir.Share s : shares) {
            String body = HEADER + "\n"
                    + "split: " + splitId + "\n"
                    + "index: " + s.index() + " of " + n + ", threshold " + k + "\n"
                    + "secret-sha256: " + secretSha256 + "\n"
                    + "data: " + Base64.getEncoder().encodeToString(s.data()) + "\n";
            texts.add(body + "checksum: " + checksum(body) + "\n");
            Arrays.fill(s.data(), (byte) 0);
        }
        return texts;
    }

    /** Reads and parses one share file. */
    public static Share read(Path file) {
        byte[] content;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new KeyShareException("share file " + file + " is not a key share (larger than " + MAX_FILE_BYTES + " bytes)");
            }
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KeyShareException("share file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return parse(file.toString(), content);
    }

    /** Parses one share file's content; {@code source} names it in errors. */
    public static Share parse(String source, byte[] content) {
        String where = "share file " + source;
        for (byte b : content) {
            if (b < 0) {
                throw new KeyShareException(where + " is not a key share (not plain ASCII text)");
            }
        }
        List<String> lines = new ArrayList<>();
        for (String line : new String(content, StandardCharsets.US_ASCII).split("\n", -1)) {
            lines.add(line.stripTrailing());
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        if (lines.isEmpty() || !HEADER.equals(lines.get(0))) {
            throw new KeyShareException(where + " is not a key share (its first line is not '" + HEADER + "')");
        }
        String[] values = new String[PREFIXES.length];
        for (int i = 0; i < PREFIXES.length; i++) {
            if (i + 1 >= lines.size()) {
                throw new KeyShareException(where + " is cut short: it has no '" + PREFIXES[i].trim() + "' line");
            }
            String line = lines.get(i + 1);
            if (!line.startsWith(PREFIXES[i])) {
                throw new KeyShareException(where + ": line " + (i + 2) + " is unknown or out of place (expected the '"
                        + PREFIXES[i].trim() + "' line)");
            }
            values[i] = line.substring(PREFIXES[i].length());
        }
        if (lines.size() > PREFIXES.length + 1) {
            throw new KeyShareException(where + ": line " + (PREFIXES.length + 2) + " is unknown (nothing may follow the checksum)");
        }
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < PREFIXES.length; i++) {
            body.append(lines.get(i)).append('\n');
        }
        if (!MessageDigest.isEqual(checksum(body.toString()).getBytes(StandardCharsets.US_ASCII),
                values[4].getBytes(StandardCharsets.US_ASCII))) {
            throw new KeyShareException(where + ": the checksum does not match: the share is mistyped or corrupted");
        }
        if (!HEX32.matcher(values[0]).matches()) {
            throw new KeyShareException(where + ": the split id is not 32 hex digits");
        }
        Matcher index = INDEX.matcher(values[1]);
        if (!index.matches()) {
            throw new KeyShareException(where + ": the index line is not 'index: <i> of <n>, threshold <k>'");
        }
        int i = Integer.parseInt(index.group(1));
        int n = Integer.parseInt(index.group(2));
        int k = Integer.parseInt(index.group(3));
        if (k < 2 || n < k || n > Shamir.MAX_SHARES || i > n) {
            throw new KeyShareException(where + ": index " + i + " of " + n + ", threshold " + k
                    + " is impossible (1 <= index <= n, 2 <= threshold <= n <= " + Shamir.MAX_SHARES + ")");
        }
        if (!HEX64.matcher(values[2]).matches()) {
            throw new KeyShareException(where + ": the secret-sha256 is not 64 hex digits");
        }
        byte[] data;
        try {
            data = Base64.getDecoder().decode(values[3]);
        } catch (IllegalArgumentException e) {
            throw new KeyShareException(where + ": the data is not base64");
        }
        if (data.length == 0) {
            throw new KeyShareException(where + ": the data is empty");
        }
        return new Share(source, values[0], i, n, k, values[2], new Shamir.Share(i, data));
    }

    /**
     * The key file the shares recover. All must be of one split (same id, count, threshold and secret hash), with
     * distinct indexes, at least the threshold of them; the result must have the secret-sha256 they name.
     */
    public static byte[] join(List<Share> shares) {
        if (shares.isEmpty()) {
            throw new KeyShareException("no share files given");
        }
        Share first = shares.get(0);
        Share[] byIndex = new Share[Shamir.MAX_SHARES + 1];
        List<Shamir.Share> points = new ArrayList<>(shares.size());
        for (Share s : shares) {
            if (!s.splitId().equals(first.splitId())) {
                throw new KeyShareException("share file " + s.source() + " is from another split than share file "
                        + first.source() + " (split " + s.splitId() + ", not " + first.splitId() + ")");
            }
            if (s.shares() != first.shares() || s.threshold() != first.threshold()) {
                throw new KeyShareException("share file " + s.source() + " says " + s.shares() + " shares, threshold "
                        + s.threshold() + "; share file " + first.source() + " says " + first.shares() + ", threshold "
                        + first.threshold() + ": one of them is not a share of this split");
            }
            if (!s.secretSha256().equals(first.secretSha256())) {
                throw new KeyShareException("share file " + s.source() + " names another key file than share file "
                        + first.source() + ": one of them is not a share of this split");
            }
            if (byIndex[s.index()] != null) {
                throw new KeyShareException("share files " + byIndex[s.index()].source() + " and " + s.source()
                        + " are both share " + s.index() + ": give each share once");
            }
            if (s.share().data().length != first.share().data().length) {
                throw new KeyShareException("share file " + s.source() + " holds " + s.share().data().length
                        + " bytes, share file " + first.source() + " " + first.share().data().length
                        + ": one of them is not a share of this split");
            }
            byIndex[s.index()] = s;
            points.add(s.share());
        }
        if (shares.size() < first.threshold()) {
            throw new KeyShareException("the threshold of split " + first.splitId() + " is " + first.threshold() + ": "
                    + first.threshold() + " shares are needed, " + shares.size() + " given");
        }
        byte[] secret = Shamir.join(points);
        if (!MessageDigest.isEqual(Digests.sha256(secret), HEX.parseHex(first.secretSha256()))) {
            Arrays.fill(secret, (byte) 0);
            throw new KeyShareException("the shares do not recover the key file (a share is wrong or from another split)");
        }
        return secret;
    }

    private static String checksum(String body) {
        return HEX.formatHex(Arrays.copyOf(Digests.sha256(body.getBytes(StandardCharsets.US_ASCII)), 8));
    }
}

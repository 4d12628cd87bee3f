package org.evidencevault.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords, RFC 6238 over RFC 4226 (HMAC-SHA1, 30-second steps, 6 digits), as every
 * authenticator app computes them. {@link #matchingStep} accepts the current step and one on either side
 * (clock drift of up to 30 s) and says which step matched, so the caller can refuse a code whose step was
 * already used (codes are single-use). Secrets are 20 random bytes, shown to users in base32.
 */
public final class Totp {

    public static final int STEP_SECONDS = 30;
    public static final int DIGITS = 6;
    public static final int SECRET_BYTES = 20;
    private static final int WINDOW = 1;
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Totp() {
    }

    /** A fresh random secret. */
    public static SecretBytes newSecret() {
        return SecretBytes.copyOf(AesGcm.randomBytes(SECRET_BYTES));
    }

    /** The code for the step containing {@code at}. */
    public static String code(SecretBytes secret, Instant at) {
        return code(secret.reveal(), at.getEpochSecond() / STEP_SECONDS);
    }

    /**
     * The step (within one of {@code at}'s) whose code is {@code code}, or -1. Compares in constant time.
     */
    public static long matchingStep(SecretBytes secret, String code, Instant at) {
        if (code == null || code.length() != DIGITS || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        byte[] key = secret.reveal();
        long now = at.getEpochSecond() / STEP_SECONDS;
        long found = -1;
        for (long step = now - WINDOW; step <= now + WINDOW; step++) {
            if (MessageDigest.isEqual(code(key, step).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    code.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
                found = step;
            }
        }
        return found;
    }

    /** RFC 4226 HOTP of {@code counter}. */
    static String code(byte[] key, long counter) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
            int offset = h[h.length - 1] & 0x0f;
            int binary = (h[offset] & 0x7f) << 24 | (h[offset + 1] & 0xff) << 16 | (h[offset + 2] & 0xff) << 8 | (h[offset + 3] & 0xff);
            return String.format(Locale.ROOT, "%0" + DIGITS + "d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new CryptoFailureException("TOTP failed: " + e.getClass().getSimpleName());
        }
    }

    /** RFC 4648 base32 without padding, as authenticator apps take secrets. */
    public static String base32(SecretBytes secret) {
        byte[] data = secret.reveal();
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = buffer << 8 | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt(buffer >> (bits - 5) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32.charAt(buffer << (5 - bits) & 31));
        }
        return out.toString();
    }

    /** Reads a base32 secret (case, spaces and padding forgiven). */
    public static SecretBytes fromBase32(String text) {
        String s = text.replace(" ", "").replace("=", "").toUpperCase(Locale.ROOT);
        ByteBuffer out = ByteBuffer.allocate(s.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : s.toCharArray()) {
            int v = BASE32.indexOf(c);
            if (v < 0) {
                throw new IllegalArgumentException("not base32");
            }
            buffer = buffer << 5 | v;
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return SecretBytes.copyOf(java.util.Arrays.copyOf(out.array(), out.position()));
    }

    /** The {@code otpauth://} URI an authenticator app reads (from a QR code or pasted). */
    public static String uri(String issuer, String account, SecretBytes secret) {
        String label = encode(issuer) + ":" + encode(account);
        return "otpauth://totp/" + label + "?secret=" + base32(secret) + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP_SECONDS;
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}

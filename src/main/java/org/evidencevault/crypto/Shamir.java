package org.evidencevault.crypto;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shamir's secret sharing over GF(2^8) (the AES field, polynomial x^8 + x^4 + x^3 + x + 1, 0x11B), byte by byte:
 * each byte of the secret is the constant term of its own random polynomial of degree k-1, and share i holds that
 * polynomial's value at x = i (1..n, never 0). Any k shares give the secret back by Lagrange interpolation at 0; any
 * k-1 shares are consistent with every possible secret, so they reveal nothing about it (only its length).
 * Multiplication is a carry-less multiply without branches or table look-ups on secret values.
 * Shares are not authenticated: {@link KeyShareFile} adds the checks a share file needs.
 */
public final class Shamir {

    public static final int MAX_SHARES = 255;

    private Shamir() {
    }

    /** One share: its x-coordinate ({@code index}, 1..255) and the polynomials' values there, one byte per secret byte. */
    public record Share(int index, byte[] data) {
        public Share {
            if (index < 1 || index > MAX_SHARES) {
                throw new IllegalArgumentException("a share's index is 1.." + MAX_SHARES + ", not " + index);
            }
            if (data == null || data.length == 0) {
                throw new IllegalArgumentException("share " + index + " holds no data");
            }
        }

        @Override
        public String toString() {
            return "Share[" + index + ", " + data.length + " bytes redacted]";
        }
    }

    /** {@code n} shares of {@code secret}, any {@code k} of which recover it; 2 <= k <= n <= 255. */
    public static List<Share> split(byte[] secret, int n, int k, SecureRandom random) {
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("nothing to split: the secret is empty");
        }
        checkParameters(n, k);
        byte[][] ys = new byte[n][secret.length];
        byte[] coefficients = new byte[k];
        try {
            for (int b = 0; b < secret.length; b++) {
                random.nextBytes(coefficients);
                coefficients[0] = secret[b];
                for (int i = 0; i < n; i++) {
                    ys[i][b] = (byte) evaluate(coefficients, i + 1);
                }
            }
        } finally {
            Arrays.fill(coefficients, (byte) 0);
        }
        List<Share> shares = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            shares.add(new Share(i + 1, ys[i]));
        }
        return shares;
    }

    /** Refuses a split into {@code n} shares with threshold {@code k} unless 2 <= k <= n <= 255. */
    public static void checkParameters(int n, int k) {
        if (k == 1) {
            throw new IllegalArgumentException("a threshold of 1 would make every share a plain copy of the secret: use at least 2");
        }
        if (k < 2 || n < k || n > MAX_SHARES) {
            throw new IllegalArgumentException("need 2 <= threshold <= shares <= " + MAX_SHARES + ", not threshold "
                    + k + " of " + n + " shares");
        }
    }

    /**
     * Interpolates the shares at 0. With at least k correct shares of one split this is the secret; with fewer, or
     * with a wrong one, it is some other value of the same length: the caller checks the result.
     */
    public static byte[] join(List<Share> shares) {
        if (shares.isEmpty()) {
            throw new IllegalArgumentException("no shares to join");
        }
        int length = shares.get(0).data().length;
        int[] x = new int[shares.size()];
        boolean[] seen = new boolean[MAX_SHARES + 1];
        for (int i = 0; i < x.length; i++) {
            Share s = shares.get(i);
            if (seen[s.index()]) {
                throw new IllegalArgumentException("share " + s.index() + " is given twice");
            }
            if (s.data().length != length) {
                throw new IllegalArgumentException("share " + s.index() + " holds " + s.data().length
                        + " bytes, share " + shares.get(0).index() + " " + length);
            }
            seen[s.index()] = true;
            x[i] = s.index();
        }
        byte[] secret = new byte[length];
        for (int i = 0; i < x.length; i++) {
            // Lagrange basis polynomial i at 0: product over j != i of x_j / (x_j - x_i); minus is xor here
            int numerator = 1;
            int denominator = 1;
            for (int j = 0; j < x.length; j++) {
                if (j != i) {
                    numerator = mul(numerator, x[j]);
                    denominator = mul(denominator, x[j] ^ x[i]);
                }
            }
            int basis = mul(numerator, inverse(denominator));
            byte[] y = shares.get(i).data();
            for (int b = 0; b < length; b++) {
                secret[b] ^= (byte) mul(basis, y[b] & 0xFF);
            }
        }
        return secret;
    }

    /** The polynomial with these coefficients (constant term first) at x, by Horner's rule. */
    private static int evaluate(byte[] coefficients, int x) {
        int y = 0;
        for (int c = coefficients.length - 1; c >= 0; c--) {
            y = mul(y, x) ^ (coefficients[c] & 0xFF);
        }
        return y;
    }

    /** a * b in GF(2^8) mod 0x11B: shift-and-add, masks instead of branches. */
    static int mul(int a, int b) {
        int product = 0;
        for (int i = 0; i < 8; i++) {
            product ^= -(b & 1) & a;
            b >>>= 1;
            a = (a << 1) ^ (-(a >>> 7) & 0x11B);
        }
        return product;
    }

    /** The multiplicative inverse, a^254 (a^255 = 1 for every non-zero a). */
    static int inverse(int a) {
        if (a == 0) {
            throw new ArithmeticException("0 has no inverse");
        }
        int result = 1;
        int power = a;
        for (int e = 254; e > 0; e >>>= 1) {
            if ((e & 1) != 0) {
                result = mul(result, power);
            }
            power = mul(power, power);
        }
        return result;
    }
}

package org.evidencevault.crypto;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Streaming authenticated encryption in Tink's {@code AES256_GCM_HKDF_1MB} format, on the JDK's
 * {@code AES/GCM/NoPadding}, so that a file of any size is encrypted and decrypted one segment at a time and
 * any Tink implementation can read what the vault wrote (and the other way round).
 *
 * <p>The ciphertext is a 40-byte header {@code 0x28 ‖ salt[32] ‖ noncePrefix[7]}, then segments of 1 MiB
 * (the first one 40 bytes shorter), each the AES-256-GCM encryption of its part of the plaintext with a
 * 16-byte tag, under the segment key HKDF-SHA256(key, salt, info = associated data) and the nonce
 * {@code noncePrefix ‖ uint32be(segment number) ‖ (last ? 1 : 0)}. So a segment cannot be moved, dropped,
 * repeated or taken from another file (or another item: the associated data names it), the stream cannot be
 * cut after a segment (only the last one says it is last), and nothing may follow the last one. A segment's
 * plaintext is released only after its tag verified.
 */
public final class StreamingAead {

    /** The format id recorded with what it encrypted. */
    public static final String FORMAT = "tink:AES256_GCM_HKDF_1MB";
    /** Ciphertext segment size. */
    public static final int SEGMENT = 1 << 20;
    static final int KEY_BYTES = 32;
    static final int NONCE_PREFIX = 7;
    /** Header size: its own length byte, the salt and the nonce prefix. */
    public static final int HEADER = 1 + KEY_BYTES + NONCE_PREFIX;
    static final int TAG = 16;
    /** Plaintext bytes in the first segment (it shares its 1 MiB with the header). */
    public static final int FIRST_PLAINTEXT = SEGMENT - HEADER - TAG;
    /** Plaintext bytes in every later segment but the last. */
    public static final int PLAINTEXT = SEGMENT - TAG;

    private static final SecureRandom RANDOM = new SecureRandom();

    private StreamingAead() {
    }

    /** Plaintext bytes in segment {@code i} when it is not the last. */
    public static int plaintextOfSegment(long i) {
        return i == 0 ? FIRST_PLAINTEXT : PLAINTEXT;
    }

    /** Plaintext bytes before segment {@code i}. */
    public static long plaintextBefore(long i) {
        return i == 0 ? 0 : FIRST_PLAINTEXT + (i - 1) * PLAINTEXT;
    }

    /** Ciphertext bytes (header included) before segment {@code i}. */
    public static long ciphertextBefore(long i) {
        return i == 0 ? HEADER : (long) SEGMENT * i;
    }

    /** The size of the ciphertext of {@code plaintext} bytes. */
    public static long ciphertextSize(long plaintext) {
        long segments = plaintext <= FIRST_PLAINTEXT ? 1 : 1 + ceilDiv(plaintext - FIRST_PLAINTEXT, PLAINTEXT);
        return HEADER + plaintext + segments * TAG;
    }

    /** A new stream under {@code key} (32 bytes), for {@code associatedData}: a fresh salt and nonce prefix. */
    public static Encrypter encrypter(byte[] key, byte[] associatedData) {
        byte[] header = new byte[HEADER];
        header[0] = (byte) HEADER;
        byte[] random = new byte[KEY_BYTES + NONCE_PREFIX];
        RANDOM.nextBytes(random);
        System.arraycopy(random, 0, header, 1, random.length);
        return new Encrypter(key, associatedData, header, 0);
    }

    /** A stream whose header and first {@code nextSegment} segments are written already (a resumed upload). */
    public static Encrypter resume(byte[] key, byte[] associatedData, byte[] header, long nextSegment) {
        return new Encrypter(key, associatedData, checkHeader(header), nextSegment);
    }

    public static Decrypter decrypter(byte[] key, byte[] associatedData, byte[] header) {
        return new Decrypter(key, associatedData, checkHeader(header));
    }

    /** Encrypts what is written to it into {@code out}; {@code close()} writes the last segment (and closes {@code out}). */
    public static OutputStream encrypting(OutputStream out, byte[] key, byte[] associatedData) throws IOException {
        return new EncryptingStream(out, encrypter(key, associatedData));
    }

    /** Decrypts {@code in}, releasing each segment's plaintext only after its tag verified. */
    public static InputStream decrypting(InputStream in, byte[] key, byte[] associatedData) {
        return new DecryptingStream(in, key, associatedData);
    }

    /** The piece size of {@link #warmUp}: large enough for the JDK's fast GCM path, small enough to make many calls. */
    static final int WARM_UP_PIECE = 128 * 1024;

    /**
     * Encrypts, decrypts and hashes (SHA-256, SHA-512) {@code bytes} of throw-away data under a throw-away key, in
     * pieces of 128 KiB, so that the JIT has compiled AES-GCM and the digests before the first real upload or download.
     * Measured here (BENCHMARKS.md section 9): the JDK's AES-GCM runs at about 100 MB/s until C2 has compiled its loop,
     * which takes about a thousand calls on 1 MiB segments (a whole GiB at that speed), but only about 3,000 calls on
     * 128 KiB (384 MB, a second); after that it runs at several GB/s on either size.
     */
    public static void warmUp(long bytes) {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        byte[] header = new byte[HEADER];
        RANDOM.nextBytes(header);
        header[0] = (byte) HEADER;
        byte[] ad = {'w'};
        Segments encrypt = new Segments(key, ad, header, Cipher.ENCRYPT_MODE);
        Segments decrypt = new Segments(key, ad, header, Cipher.DECRYPT_MODE);
        byte[] piece = new byte[WARM_UP_PIECE];
        java.security.MessageDigest sha256 = Digests.newSha256();
        java.security.MessageDigest sha512 = Digests.newSha512();
        long index = 0;
        for (long done = 0; done < bytes; done += piece.length, index = (index + 1) & 0xFFFFFFFFL) {
            sha256.update(piece);
            sha512.update(piece);
            byte[] sealed = encrypt.apply(index, false, piece, 0, piece.length);
            decrypt.apply(index, false, sealed, 0, sealed.length);
        }
    }

    // ---- segments -------------------------------------------------------------------------------------

    /** The segment-level encryption of one stream: the header, then each segment in order. */
    public static final class Encrypter {
        private final Segments segments;
        private final byte[] header;
        private long next;
        private boolean done;

        private Encrypter(byte[] key, byte[] associatedData, byte[] header, long next) {
            this.segments = new Segments(key, associatedData, header, Cipher.ENCRYPT_MODE);
            this.header = header.clone();
            this.next = next;
        }

        public byte[] header() {
            return header.clone();
        }

        /** The number of the next segment. */
        public long nextSegment() {
            return next;
        }

        /**
         * Encrypts the next segment: {@code len} must be {@link #plaintextOfSegment} of its number, or at most that
         * for the last one.
         */
        public byte[] segment(byte[] plaintext, int off, int len, boolean last) {
            if (done) {
                throw new IllegalStateException("the last segment was written");
            }
            int full = plaintextOfSegment(next);
            if (len > full || (!last && len != full)) {
                throw new IllegalArgumentException("segment " + next + " holds " + full + " plaintext bytes, not " + len);
            }
            byte[] out = segments.apply(next, last, plaintext, off, len);
            next++;
            done = last;
            return out;
        }
    }

    /** The segment-level decryption of one stream. */
    public static final class Decrypter {
        private final Segments segments;

        private Decrypter(byte[] key, byte[] associatedData, byte[] header) {
            this.segments = new Segments(key, associatedData, header, Cipher.DECRYPT_MODE);
        }

        /**
         * The plaintext of segment {@code index} ({@code last}: whether the stream ends with it).
         *
         * @throws StreamIntegrityException if its tag does not verify (altered, moved, cut, from another stream)
         */
        public byte[] segment(byte[] ciphertext, int off, int len, long index, boolean last) throws StreamIntegrityException {
            if (len < TAG) {
                throw new StreamIntegrityException("segment " + index + " is shorter than its tag");
            }
            try {
                return segments.apply(index, last, ciphertext, off, len);
            } catch (CryptoFailureException e) {
                throw new StreamIntegrityException("segment " + index + (last ? " (the last)" : "") + " does not verify");
            }
        }
    }

    /** A stream's segment key and nonce prefix, and one cipher for all its segments. */
    private static final class Segments {
        private final SecretKeySpec key;
        private final byte[] noncePrefix;
        private final int mode;
        private final Cipher cipher;

        Segments(byte[] key, byte[] associatedData, byte[] header, int mode) {
            if (key.length != KEY_BYTES) {
                throw new IllegalArgumentException("a " + KEY_BYTES + "-byte key is needed");
            }
            byte[] salt = Arrays.copyOfRange(header, 1, 1 + KEY_BYTES);
            byte[] derived = hkdfSha256(key, salt, associatedData, KEY_BYTES);
            this.key = new SecretKeySpec(derived, "AES");
            Arrays.fill(derived, (byte) 0);
            this.noncePrefix = Arrays.copyOfRange(header, 1 + KEY_BYTES, HEADER);
            this.mode = mode;
            try {
                this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new CryptoFailureException("AES-GCM is not available", e);
            }
        }

        byte[] apply(long index, boolean last, byte[] in, int off, int len) {
            if (index < 0 || index > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("segment number out of range");
            }
            byte[] nonce = ByteBuffer.allocate(12).put(noncePrefix).putInt((int) index).put((byte) (last ? 1 : 0)).array();
            try {
                cipher.init(mode, key, new GCMParameterSpec(TAG * 8, nonce));
                return cipher.doFinal(in, off, len);
            } catch (GeneralSecurityException e) {
                throw new CryptoFailureException("segment " + index + " does not verify", e);
            }
        }
    }

    private static byte[] checkHeader(byte[] header) {
        if (header.length != HEADER || (header[0] & 0xff) != HEADER) {
            throw new CryptoFailureException("not a " + FORMAT + " header");
        }
        return header;
    }

    /** RFC 5869 HKDF with HMAC-SHA256. */
    static byte[] hkdfSha256(byte[] ikm, byte[] salt, byte[] info, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt == null || salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
            byte[] prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            byte[] out = new byte[length];
            byte[] t = new byte[0];
            int done = 0;
            for (int i = 1; done < length; i++) {
                mac.update(t);
                mac.update(info);
                mac.update((byte) i);
                t = mac.doFinal();
                int n = Math.min(t.length, length - done);
                System.arraycopy(t, 0, out, done, n);
                done += n;
            }
            Arrays.fill(prk, (byte) 0);
            return out;
        } catch (GeneralSecurityException e) {
            throw new CryptoFailureException("HMAC-SHA256 is not available", e);
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    // ---- streams ----------------------------------------------------------------------------------------

    private static final class EncryptingStream extends FilterOutputStream {
        private final Encrypter encrypter;
        private byte[] buffer = new byte[FIRST_PLAINTEXT];
        private int filled;
        private boolean closed;

        EncryptingStream(OutputStream out, Encrypter encrypter) throws IOException {
            super(out);
            this.encrypter = encrypter;
            out.write(encrypter.header());
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (filled == buffer.length) {
                    // a full buffer is written only once more bytes follow: until then it may be the last segment
                    out.write(encrypter.segment(buffer, 0, filled, false));
                    buffer = buffer.length == PLAINTEXT ? buffer : new byte[PLAINTEXT];
                    filled = 0;
                }
                int n = Math.min(len, buffer.length - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            out.write(encrypter.segment(buffer, 0, filled, true));
            out.close();
        }
    }

    private static final class DecryptingStream extends InputStream {
        private final InputStream in;
        private final byte[] key;
        private final byte[] associatedData;
        private Decrypter decrypter;
        private long index;
        private byte[] plain = new byte[0];
        private int position;
        private boolean ended;
        /** One byte read ahead to tell whether a full segment is the last. */
        private int peeked = -1;

        DecryptingStream(InputStream in, byte[] key, byte[] associatedData) {
            this.in = in;
            this.key = key.clone();
            this.associatedData = associatedData.clone();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (position == plain.length) {
                if (ended) {
                    return -1;
                }
                nextSegment();
            }
            int n = Math.min(len, plain.length - position);
            System.arraycopy(plain, position, b, off, n);
            position += n;
            return n;
        }

        private void nextSegment() throws IOException {
            if (decrypter == null) {
                byte[] header = in.readNBytes(HEADER);
                if (header.length < HEADER || (header[0] & 0xff) != HEADER) {
                    throw new StreamIntegrityException("the stream does not start with a " + FORMAT + " header");
                }
                decrypter = decrypter(key, associatedData, header);
            }
            int size = index == 0 ? SEGMENT - HEADER : SEGMENT;
            byte[] segment = new byte[size];
            int got = 0;
            if (peeked >= 0) {
                segment[0] = (byte) peeked;
                got = 1;
                peeked = -1;
            }
            got += in.readNBytes(segment, got, size - got);
            boolean last;
            if (got < size) {
                last = true;
            } else {
                peeked = in.read();
                last = peeked < 0;
            }
            if (got == 0) {
                throw new StreamIntegrityException("the stream ends without its last segment");
            }
            plain = decrypter.segment(segment, 0, got, index, last);
            position = 0;
            index++;
            ended = last;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** A stream whose bytes do not verify: altered, cut, reordered, spliced, or under another key or item. */
    public static final class StreamIntegrityException extends IOException {
        public StreamIntegrityException(String message) {
            super(message);
        }
    }
}

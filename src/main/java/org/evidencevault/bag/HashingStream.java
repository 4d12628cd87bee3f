package org.evidencevault.bag;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;

/**
 * Passes a stream's bytes through while computing their SHA-256, SHA-512 and CRC-32, so that a tag file can be
 * parsed and hashed in the one pass over its zip entry; {@link #drain()} hashes whatever the parser left unread.
 */
final class HashingStream extends InputStream {

    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final Hashing hashing = new Hashing();
    private final CRC32 crc = new CRC32();

    HashingStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            hashing.update(b, off, n);
            crc.update(b, off, n);
        }
        return n;
    }

    /** Reads the rest of the stream, hashing it. */
    void drain() throws IOException {
        byte[] buffer = new byte[CHUNK];
        while (read(buffer, 0, CHUNK) >= 0) {
            // hashed in read
        }
    }

    long crc() {
        return crc.getValue();
    }

    /** The digests of every byte read; call once, at the end. */
    BagWriter.Digests digests() {
        return hashing.digests();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

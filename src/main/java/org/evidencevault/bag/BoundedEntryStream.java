package org.evidencevault.bag;

import java.io.IOException;
import java.io.InputStream;

/**
 * A zip entry's bytes, cut off one byte past the size the zip's directory declares: a zip bomb cannot make a reader
 * inflate more than it was told, however small the declared size is; {@link #read} then throws
 * {@link TooLargeException}. The declared size is the upper bound, never an assumed length: the count is kept here.
 */
final class BoundedEntryStream extends InputStream {

    /** The entry inflates to more bytes than its declared size. */
    static final class TooLargeException extends IOException {

        private static final long serialVersionUID = 1L;

        TooLargeException() {
            super("zip entry is larger than its declared size");
        }
    }

    private final InputStream in;
    private final long declared;
    private long count;

    BoundedEntryStream(InputStream in, long declared) {
        this.in = in;
        this.declared = declared;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = in.read(b, off, (int) Math.min(len, declared - count + 1));
        if (n > 0) {
            count += n;
            if (count > declared) {
                throw new TooLargeException();
            }
        }
        return n;
    }

    /** The bytes read so far. */
    long count() {
        return count;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

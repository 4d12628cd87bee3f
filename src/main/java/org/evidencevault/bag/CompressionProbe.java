package org.evidencevault.bag;

import java.util.zip.Deflater;

/**
 * Decides, from the first chunk of a payload file, whether deflating it is worth the time. Evidence is mostly
 * photos, video and PDFs, which are compressed already: deflating them at even the fastest level costs tens of
 * seconds per gigabyte for nothing, while storing them in "no compression" deflate blocks is as fast as a copy.
 * Text, JSON and logs do shrink, and are deflated at the fastest level.
 */
final class CompressionProbe {

    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    private final byte[] sink = new byte[16 * 1024];

    /** The deflate level for a file whose first bytes are {@code sample[0, length)}. */
    int levelFor(byte[] sample, int length) {
        return shrinks(sample, length) ? Deflater.BEST_SPEED : Deflater.NO_COMPRESSION;
    }

    private boolean shrinks(byte[] sample, int length) {
        deflater.reset();
        deflater.setInput(sample, 0, length);
        deflater.finish();
        while (!deflater.finished()) {
            deflater.deflate(sink);
        }
        return deflater.getBytesWritten() < length * 9L / 10;
    }

    void end() {
        deflater.end();
    }
}

package org.evidencevault.bag;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipOutputStream;

/**
 * A {@link ZipOutputStream} that can also be abandoned: {@link #abort()} releases its deflater and closes the
 * target without writing the central directory, so what was written is not a zip a reader of the directory accepts,
 * and nothing else is written on the way out (a plain {@code close()} would try to finish the zip).
 */
final class AbortableZipStream extends ZipOutputStream {

    private final OutputStream target;

    AbortableZipStream(OutputStream target) {
        super(target, StandardCharsets.UTF_8);
        this.target = target;
    }

    /** Ends the deflater and closes the target, swallowing what closing throws; use nothing of this stream after. */
    void abort() {
        def.end();
        try {
            target.close();
        } catch (IOException ignored) {
            // the zip is being abandoned; a failure to close the target changes nothing for the caller
        }
    }
}

package org.evidencevault.evidence;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The blob store contract on the embedded store's files. */
class FileBlobStoreTest extends BlobStoreContract {

    @TempDir
    Path dir;

    @Override
    BlobStore store() throws Exception {
        return new FileBlobStore(dir.resolve("evidence"));
    }
}

package org.evidencevault.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * Where the encrypted bytes of evidence items live, one blob per item: written as a partial blob that grows
 * segment by segment (and survives a broken connection and a restart), made final at once when complete, read
 * back as a stream. The bytes are ciphertext: a blob store never sees plaintext.
 */
public interface BlobStore {

    /** The partial blob of {@code id}: its current size (0 if there is none yet). */
    long partialSize(String id) throws IOException;

    /** Reads the partial blob of {@code id} from its start. */
    InputStream readPartial(String id) throws IOException;

    /**
     * Appends to the partial blob of {@code id}, which must have exactly {@code expectedSize} bytes (another
     * writer did not go first). Durable only after {@link #sync}.
     */
    void append(String id, long expectedSize, byte[] bytes) throws IOException;

    /** Makes every byte appended to the partial blob of {@code id} durable (before its offset is reported or recorded). */
    void sync(String id) throws IOException;

    /** Cuts the partial blob of {@code id} back to {@code size} bytes (a segment that was being written when it broke). */
    void truncatePartial(String id, long size) throws IOException;

    /** Makes the partial blob of {@code id} the final one, atomically. Doing it again when it is final already is a no-op. */
    void complete(String id) throws IOException;

    /** Whether the final blob of {@code id} exists. */
    boolean exists(String id) throws IOException;

    /** Reads the final blob of {@code id}. */
    InputStream open(String id) throws IOException;

    /** Removes both blobs of {@code id}, if there are any. */
    void delete(String id) throws IOException;

    /** The ids that have a partial or a final blob (for the start-up sweep of leftovers). */
    Set<String> ids() throws IOException;

    /** Whether {@code id} has a partial blob and no final one. */
    boolean partialOnly(String id) throws IOException;
}

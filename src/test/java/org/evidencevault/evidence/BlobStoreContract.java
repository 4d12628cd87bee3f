package org.evidencevault.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import org.evidencevault.crypto.StreamingAead;
import org.junit.jupiter.api.Test;

/**
 * What every blob store does, whatever keeps the bytes: a partial blob grows only from the size its writer expected,
 * reads back as written, can be cut back to a whole append, becomes final at once and only once, is read back whole,
 * and is gone after a delete; the ids of every blob are listed for the start-up sweep.
 */
abstract class BlobStoreContract {

    /** A fresh, empty store for one test. */
    abstract BlobStore store() throws Exception;

    @Test
    void aPartialBlobGrowsOnlyFromTheExpectedSizeAndReadsBackAsWritten() throws Exception {
        BlobStore blobs = store();
        String id = UUID.randomUUID().toString();
        byte[] first = bytes(StreamingAead.SEGMENT, 1);
        byte[] second = bytes(StreamingAead.SEGMENT, 2);
        assertThat(blobs.partialSize(id)).isZero();
        blobs.append(id, 0, first);
        assertThatThrownBy(() -> blobs.append(id, 0, second)).as("another writer at the same offset").isInstanceOf(IOException.class);
        blobs.append(id, first.length, second);
        assertThat(blobs.partialSize(id)).isEqualTo(2L * StreamingAead.SEGMENT);
        assertThat(blobs.partialOnly(id)).isTrue();
        assertThat(blobs.exists(id)).isFalse();
        try (InputStream in = blobs.readPartial(id)) {
            assertThat(in.readAllBytes()).isEqualTo(concat(first, second));
        }
        assertThat(blobs.ids()).contains(id);
    }

    @Test
    void aPartialBlobIsCutBackToAWholeAppend() throws Exception {
        BlobStore blobs = store();
        String id = UUID.randomUUID().toString();
        byte[] first = bytes(StreamingAead.SEGMENT, 3);
        blobs.append(id, 0, first);
        blobs.append(id, first.length, bytes(1000, 4));
        blobs.truncatePartial(id, first.length);
        assertThat(blobs.partialSize(id)).isEqualTo(first.length);
        try (InputStream in = blobs.readPartial(id)) {
            assertThat(in.readAllBytes()).isEqualTo(first);
        }
    }

    @Test
    void aCompleteBlobIsFinalReadWholeAndGoneAfterADelete() throws Exception {
        BlobStore blobs = store();
        String id = UUID.randomUUID().toString();
        byte[] a = bytes(StreamingAead.SEGMENT, 5);
        byte[] b = bytes(777_777, 6);
        blobs.append(id, 0, a);
        blobs.append(id, a.length, b);
        blobs.complete(id);
        blobs.complete(id);
        assertThat(blobs.exists(id)).isTrue();
        assertThat(blobs.partialOnly(id)).isFalse();
        try (InputStream in = blobs.open(id)) {
            assertThat(in.readAllBytes()).isEqualTo(concat(a, b));
        }
        assertThatThrownBy(() -> blobs.append(id, a.length + b.length, bytes(10, 7))).as("a final blob takes no more bytes")
                .isInstanceOf(IOException.class);
        blobs.delete(id);
        assertThat(blobs.exists(id)).isFalse();
        assertThat(blobs.ids()).doesNotContain(id);
        assertThat(blobs.partialSize(id)).isZero();
    }

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

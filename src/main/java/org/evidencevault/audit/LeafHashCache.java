package org.evidencevault.audit;

import java.util.ArrayList;
import java.util.List;
import org.evidencevault.ledger.LeafHashes;
import org.springframework.stereotype.Component;

/**
 * The leaf hashes of the log, in memory (32 bytes per entry), extended from the store as the log grows,
 * so checkpoints and proofs do not re-read the whole log.
 */
@Component
class LeafHashCache {

    private final AuditStore store;
    private final List<byte[]> hashes = new ArrayList<>();

    LeafHashCache(AuditStore store) {
        this.store = store;
    }

    /** The first {@code size} leaf hashes; fails if the log is shorter. */
    synchronized LeafHashes upTo(long size) {
        if (size > hashes.size()) {
            hashes.addAll(store.hashes(hashes.size(), size - 1));
        }
        if (hashes.size() < size) {
            throw new IllegalStateException("the log has " + hashes.size() + " entries, not " + size);
        }
        List<byte[]> view = List.copyOf(hashes.subList(0, (int) size));
        return LeafHashes.of(view);
    }
}

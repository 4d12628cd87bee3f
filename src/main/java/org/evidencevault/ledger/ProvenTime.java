package org.evidencevault.ledger;

import java.time.Instant;
import java.util.List;

/**
 * The earliest time a checkpoint is proven to have existed by something other than the log itself: the earliest of
 * the times of its valid time-stamp tokens (from pinned TSAs) and cosignatures (from pinned witnesses), and who proves
 * it ({@code tsa <name>} or {@code witness <name>}, earliest first).
 */
public record ProvenTime(long size, Instant earliest, List<String> by) {

    public ProvenTime {
        by = List.copyOf(by);
    }
}

package org.evidencevault.store;

import java.time.Duration;

/**
 * How the embedded store keeps its file proportional to its live data.
 *
 * <p>H2's MVStore never changes a page in place: every commit appends a chunk holding the pages it changed,
 * and an old chunk's space is reused only once none of its pages is live any more. With a commit per write
 * (see {@link DurableH2Backend}) most of each chunk dies at once, but a few pages of it stay live for long,
 * so without compaction the file grew by about 100 KB per incident create. The store's own background
 * housekeeping does not run here (auto-commit is off, so that a commit only ever captures whole commands);
 * the vault does it instead, every {@code interval}, under the same write lock as a write command: live
 * pages of chunks less than {@code fillRate} percent live are rewritten (at most {@code maxWriteBytes} per
 * round, rounds back to back while there is work, for at most the interval, writes running between rounds),
 * committed and synced like any write, and chunks with no live page left are reused after {@code retention}.
 * A round holds writes back while it runs: measured in {@code StoreCompactionBench} (docs/BENCHMARKS.md), 1 MB
 * rounds took 24 ms on average (at most 121 ms) and could not keep the file under 4 times its live data under a
 * steady insert load; 4 MB rounds keep it near 3.5 times at about 65 ms a round (at most 226 ms). On a large file
 * (1.7 GB, 100,000 entries) 4 MB rounds took 2 to 235 ms, and every write waited for them: a round's size is
 * therefore steered by the time the last round took, halved after a round longer than {@code maxPause}, grown
 * by a quarter after one shorter than half of it (at most {@code maxWriteBytes}, at least 256 KB).
 *
 * @param fillRate      chunks below this percentage of live data are rewritten (1–99; 0 turns compaction off,
 *                      for comparison only)
 * @param interval      how often a compaction round may run
 * @param maxWriteBytes the most a round rewrites, so a round holds writes back for milliseconds, not seconds
 * @param retention     how long a chunk with no live page is kept before its space is reused (with fsync every commit
 *                      is on disk before the next, so this need not cover a file system's write-back delay; without
 *                      fsync the store keeps freed chunks at least 45 s, H2's default)
 * @param maxPause      about how long one round may hold writes back (the next round's size follows from the time
 *                      the last one took)
 */
public record Compaction(int fillRate, Duration interval, int maxWriteBytes, Duration retention, Duration maxPause) {

    /** The smallest round, whatever the rounds' speed (unless {@code maxWriteBytes} is smaller). */
    static final int MIN_ROUND_BYTES = 256 << 10;

    /** What the vault runs with unless configured otherwise. */
    public static final Compaction DEFAULT = new Compaction(80, Duration.ofMillis(250), 2 << 20, Duration.ofSeconds(2));

    /** No compaction at all, as before it existed (for benchmarks that compare). */
    public static final Compaction OFF = new Compaction(0, Duration.ofMillis(250), 1 << 20, Duration.ofSeconds(45));

    /** Rounds of about 50 ms at most. */
    public Compaction(int fillRate, Duration interval, int maxWriteBytes, Duration retention) {
        this(fillRate, interval, maxWriteBytes, retention, Duration.ofMillis(50));
    }

    public Compaction {
        if (maxPause == null || maxPause.isNegative() || maxPause.isZero()) {
            throw new IllegalArgumentException("vault.store.compaction.max-pause must be positive");
        }
        if (fillRate < 0 || fillRate > 99) {
            throw new IllegalArgumentException("vault.store.compaction.fill-rate must be 0 (off) to 99");
        }
        if (interval.isNegative() || interval.isZero() || retention.isNegative()) {
            throw new IllegalArgumentException("vault.store.compaction.interval must be positive and retention not negative");
        }
        if (maxWriteBytes < 4096) {
            throw new IllegalArgumentException("vault.store.compaction.max-write must be at least 4KB");
        }
    }

    boolean enabled() {
        return fillRate > 0;
    }
}

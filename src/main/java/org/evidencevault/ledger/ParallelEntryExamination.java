package org.evidencevault.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs {@link EntryFacts#examine} (parse, hash, signature: the costly part of verification) over chunks of
 * entries on a fixed pool of threads, one per processor by default, and returns the facts in entry order.
 */
final class ParallelEntryExamination {

    /** Below this many entries per chunk, handing work to threads costs more than it saves. */
    private static final int MIN_CHUNK = 512;
    /** Chunks per thread, so that one slow chunk does not leave the other threads idle. */
    private static final int CHUNKS_PER_THREAD = 8;

    private ParallelEntryExamination() {
    }

    static EntryFacts[] examineAll(List<SignedEntry> entries, Function<SignedEntry, EntryFacts> examine, int threads) {
        int n = entries.size();
        EntryFacts[] facts = new EntryFacts[n];
        if (threads <= 1 || n < 2 * MIN_CHUNK) {
            examineChunk(entries, examine, facts, 0, n);
            return facts;
        }
        int chunk = Math.max(MIN_CHUNK, n / (threads * CHUNKS_PER_THREAD) + 1);
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int start = 0; start < n; start += chunk) {
            int from = start;
            int to = Math.min(n, start + chunk);
            tasks.add(() -> {
                examineChunk(entries, examine, facts, from, to);
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "bundle-verifier");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (Future<Void> done : pool.invokeAll(tasks)) {
                done.get(); // also makes every chunk's writes to facts visible here
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("entry verification was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("entry examination failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return facts;
    }

    private static void examineChunk(List<SignedEntry> entries, Function<SignedEntry, EntryFacts> examine,
                                     EntryFacts[] facts, int from, int to) {
        for (int i = from; i < to; i++) {
            facts[i] = examine.apply(entries.get(i));
        }
    }
}

package org.evidencevault.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.evidencevault.ledger.SignedChain.V1;
import static org.evidencevault.ledger.SignedChain.publicKey;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.evidencevault.ledger.AuditBundle;
import org.evidencevault.ledger.SignedChain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 entries, rotated from audit-v1 to audit-v2 in the middle, verified through the command in process with
 * only audit-v1 pinned, in both signature modes. Prints (to the surefire output file) the end-to-end time of
 * each run, from the command line to the OK line (reading and parsing the file, verifying), as entries per second.
 */
class VerifyLargeBundleTest {

    private static final int ENTRIES = 100_000;

    @Test
    void aRotatedChainOf100000EntriesVerifies(@TempDir Path dir) throws IOException {
        long built = System.nanoTime();
        SignedChain chain = SignedChain.rotated(ENTRIES, ENTRIES / 2);
        AuditBundle bundle = chain.range(0, ENTRIES - 1, 25_000, ENTRIES / 2 + 1, ENTRIES);
        Path file = dir.resolve("bundle.json");
        try (OutputStream out = Files.newOutputStream(file)) {
            bundle.writeTo(out);
        }
        Path key = dir.resolve("audit-v1.json");
        Files.write(key, publicKey(V1).toJson());
        System.out.printf("fixture: %d entries signed and written in %.2f s%n", ENTRIES, (System.nanoTime() - built) / 1e9);

        for (String mode : new String[] {"all", "checkpoints"}) {
            long start = System.nanoTime();
            VerifyCommandTest.Run run = VerifyCommandTest.run("verify", file.toString(), "--key", key.toString(),
                    "--signatures", mode);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).startsWith("OK: 100000 entries (seq 0..99999, range), 3 checkpoints; latest "
                    + "checkpoint: size 100000, root ").contains("; keys audit-v1, audit-v2; ");
            System.out.printf("verify --signatures %s: %d entries (%d MB) in %.2f s: %.0f entries/s%n", mode, ENTRIES,
                    Files.size(file) >> 20, seconds, ENTRIES / seconds);
        }
    }
}

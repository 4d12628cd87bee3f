package org.evidencevault.reliability;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small file system the test makes itself (a tmpfs of a few MiB, mounted as root), so a full disk is a
 * real ENOSPC and not a simulation; and a filler file that takes its space and gives it back. Where mounting
 * is not allowed (no root, no CAP_SYS_ADMIN) the test is skipped, saying so.
 */
final class SmallFileSystem implements AutoCloseable {

    private final Path mount;

    private SmallFileSystem(Path mount) {
        this.mount = mount;
    }

    static SmallFileSystem mount(Path dir, int mib) throws Exception {
        Files.createDirectories(dir);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + mib + "m", "tmpfs", dir.toString())
                .redirectErrorStream(true).start();
        boolean done = p.waitFor(20, TimeUnit.SECONDS);
        String why = new String(p.getInputStream().readAllBytes()).trim();
        Assumptions.assumeTrue(done && p.exitValue() == 0,
                "cannot mount a small tmpfs here (needs root with CAP_SYS_ADMIN, as CI's container has): " + why);
        return new SmallFileSystem(dir);
    }

    Path path() {
        return mount;
    }

    long free() throws IOException {
        return Files.getFileStore(mount).getUsableSpace();
    }

    /** Fills the file system until only {@code leave} bytes are free (or it is full). */
    Path fill(long leave) throws IOException {
        Path filler = mount.resolve("filler-" + System.nanoTime());
        try (RandomAccessFile f = new RandomAccessFile(filler.toFile(), "rw")) {
            byte[] block = new byte[64 * 1024];
            while (free() > leave + block.length) {
                f.write(block);
            }
            f.getFD().sync();
        } catch (IOException full) {
            // full: that is what was asked
        }
        return filler;
    }

    @Override
    public void close() throws Exception {
        new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor(20, TimeUnit.SECONDS);
    }
}

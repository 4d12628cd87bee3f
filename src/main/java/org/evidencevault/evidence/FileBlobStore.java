package org.evidencevault.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The embedded store's blobs: files under {@code <data-dir>/evidence}, {@code <id>.part} while an upload grows
 * (forced to disk before an offset is reported or the intake recorded: a crash in between leaves at most a torn last
 * segment, which is cut back), renamed atomically to {@code <id>.blob} when complete
 * (then the directory is forced too). Ids are the vault's own UUIDs, never a name from a request.
 */
final class FileBlobStore implements BlobStore {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Path dir;

    FileBlobStore(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    @Override
    public long partialSize(String id) throws IOException {
        Path p = partial(id);
        return Files.exists(p) ? Files.size(p) : 0;
    }

    @Override
    public InputStream readPartial(String id) throws IOException {
        return Files.newInputStream(partial(id));
    }

    @Override
    public void append(String id, long expectedSize, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(partial(id), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (ch.size() != expectedSize) {
                throw new IOException("partial blob " + id + " has " + ch.size() + " bytes, not " + expectedSize);
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            long at = expectedSize;
            while (b.hasRemaining()) {
                at += ch.write(b, at);
            }
        }
    }

    @Override
    public void sync(String id) throws IOException {
        try (FileChannel ch = FileChannel.open(partial(id), StandardOpenOption.WRITE)) {
            ch.force(true);
        } catch (NoSuchFileException e) {
            // nothing appended yet
        }
    }

    @Override
    public void truncatePartial(String id, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(partial(id), StandardOpenOption.WRITE)) {
            ch.truncate(size);
            ch.force(true);
        } catch (NoSuchFileException e) {
            // nothing to cut
        }
    }

    @Override
    public void complete(String id) throws IOException {
        Path from = partial(id);
        Path to = fin(id);
        if (Files.exists(to) && !Files.exists(from)) {
            return;
        }
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the evidence directory cannot rename atomically", e);
        }
        forceDirectory();
    }

    @Override
    public boolean exists(String id) {
        return Files.exists(fin(id));
    }

    @Override
    public InputStream open(String id) throws IOException {
        return Files.newInputStream(fin(id));
    }

    @Override
    public void delete(String id) throws IOException {
        Files.deleteIfExists(partial(id));
        Files.deleteIfExists(fin(id));
        forceDirectory();
    }

    @Override
    public Set<String> ids() throws IOException {
        Set<String> ids = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part") || n.endsWith(".blob"))
                    .map(n -> n.substring(0, n.length() - 5)).filter(n -> ID.matcher(n).matches()).forEach(ids::add);
        }
        return ids;
    }

    @Override
    public boolean partialOnly(String id) {
        return Files.exists(partial(id)) && !Files.exists(fin(id));
    }

    private Path partial(String id) {
        return dir.resolve(checked(id) + ".part");
    }

    private Path fin(String id) {
        return dir.resolve(checked(id) + ".blob");
    }

    private static String checked(String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a blob id");
        }
        return id;
    }

    private void forceDirectory() throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory for reading; the rename is still atomic
        }
    }
}

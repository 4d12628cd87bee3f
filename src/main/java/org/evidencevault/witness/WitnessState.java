package org.evidencevault.witness;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a witness remembers, durably: per log origin, the size and root of the latest checkpoint it cosigned. A text
 * file, {@code evidence-vault-witness-state/1} then one {@code <origin> TAB <size> TAB <base64 root>} line per log,
 * replaced whole on every change (written to a temporary file, forced to disk, renamed over the old one, the
 * directory forced), so a crash leaves the old state or the new one, never a mix.
 */
final class WitnessState {

    static final String HEADER = "evidence-vault-witness-state/1";

    /** The latest cosigned tree of one log. */
    record Tree(long size, byte[] root) {
    }

    private final Path file;
    private final Map<String, Tree> trees = new LinkedHashMap<>();

    private WitnessState(Path file) {
        this.file = file;
    }

    /** The state in {@code file}, or an empty one if the file does not exist yet. A damaged file is refused. */
    static WitnessState open(Path file) throws IOException {
        WitnessState state = new WitnessState(file);
        if (!Files.exists(file)) {
            return state;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !HEADER.equals(lines.get(0))) {
            throw new IOException(file + " is not a witness state file (no " + HEADER + " line)");
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] parts = lines.get(i).split("\t", -1);
            try {
                if (parts.length != 3) {
                    throw new IllegalArgumentException("three fields");
                }
                long size = Long.parseLong(parts[1]);
                byte[] root = Base64.getDecoder().decode(parts[2]);
                if (size < 0 || root.length != 32 || state.trees.putIfAbsent(parts[0], new Tree(size, root)) != null) {
                    throw new IllegalArgumentException("size, root, origin once");
                }
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " line " + (i + 1) + " is damaged: refusing to start rather than forget a log");
            }
        }
        return state;
    }

    Optional<Tree> get(String origin) {
        return Optional.ofNullable(trees.get(origin));
    }

    /** Records {@code tree} as the latest of {@code origin}, on disk before it returns. */
    void put(String origin, Tree tree) throws IOException {
        Map<String, Tree> next = new LinkedHashMap<>(trees);
        next.put(origin, tree);
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        next.forEach((o, t) -> text.append(o).append('\t').append(t.size()).append('\t')
                .append(Base64.getEncoder().encodeToString(t.root())).append('\n'));
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory to force it; the rename itself is atomic
        }
        trees.clear();
        trees.putAll(next);
    }
}

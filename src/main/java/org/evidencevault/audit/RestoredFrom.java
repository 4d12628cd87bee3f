package org.evidencevault.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The note a restore leaves in a data directory ({@code restored-from.json}): which backup the store came from, when it
 * was made and the signed checkpoint it carried. At the next start the vault checks the restored log against that
 * checkpoint and raises an alarm saying that whatever it recorded after the backup is missing from this store
 * (changes wait for an ADMIN's acknowledgement, and the alarm stays in the log); the note is removed once acknowledged.
 */
public final class RestoredFrom {

    static final String FILE = "restored-from.json";
    /** The subject of the alarm a restore raises. */
    static final String ALARM_SUBJECT = "store (restored from a backup)";
    private static final String FORMAT = "evidence-vault-restored-from/1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The backup a store was restored from: its id, when it was made, and its checkpoint's size, root and note. */
    public record Marker(String backupId, Instant createdAt, long size, byte[] root, String note) {
    }

    private RestoredFrom() {
    }

    /** Leaves the note in {@code dataDir} (written to a temporary file, forced to disk, renamed). */
    public static void write(Path dataDir, Marker m) throws IOException {
        Path file = dataDir.resolve(FILE);
        Path tmp = dataDir.resolve(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        byte[] bytes = JSON.writeValueAsBytes(JSON.createObjectNode().put("format", FORMAT).put("backupId", m.backupId())
                .put("createdAt", m.createdAt().toString()).put("size", m.size())
                .put("root", HexFormat.of().formatHex(m.root())).put("note", m.note()));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The note in {@code dataDir}, if a restore left one. */
    static Optional<Marker> read(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(Files.readAllBytes(file));
            if (!FORMAT.equals(n.path("format").asString())) {
                throw new IllegalStateException(file + " is not a restore note (" + FORMAT + ")");
            }
            return Optional.of(new Marker(n.path("backupId").asString(), Instant.parse(n.path("createdAt").asString()),
                    n.path("size").asLong(), HexFormat.of().parseHex(n.path("root").asString()), n.path("note").asString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the restore note " + file, e);
        }
    }

    /** Removes the note once its alarm is acknowledged. */
    static void remove(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the restore note in " + dataDir, e);
        }
    }
}

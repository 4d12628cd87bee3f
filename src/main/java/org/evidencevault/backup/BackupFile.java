package org.evidencevault.backup;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import org.evidencevault.crypto.BackupCipher;
import org.evidencevault.crypto.KeyRing;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A backup file ({@code .evb}): one line of JSON, the header, then the store file encrypted (see {@link BackupCipher}).
 * The header says which backup it is ({@code backupId}), when it was made, which log it is of ({@code origin}), the
 * signed checkpoint made just before the copy (its size, root and note: the restored log must hold it) and how its
 * key is wrapped; it is not secret, and it is authenticated as the ciphertext's associated data, so changing any
 * byte of it makes the backup fail to open. See README "Backup and restore".
 */
public final class BackupFile {

    public static final String FORMAT = "evidence-vault-backup/1";
    public static final String SUFFIX = ".evb";
    private static final int MAX_HEADER = 64 * 1024;
    private static final Set<String> FIELDS = Set.of("format", "backupId", "createdAt", "origin", "checkpoint", "key");
    private static final Set<String> CHECKPOINT_FIELDS = Set.of("size", "root", "note");
    private static final Set<String> KEY_FIELDS = Set.of("kekId", "kekVersion", "nonce", "wrapped");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What a backup's header says. */
    public record Header(String backupId, Instant createdAt, String origin, long checkpointSize, byte[] checkpointRoot,
                         String checkpointNote, BackupCipher.WrappedKey key) {
    }

    /** A backup written: its file, its size, the store bytes it holds and how long the store's writes waited for the copy. */
    public record Written(Path file, long bytes, long storeBytes, long copyMillis) {
    }

    /** Writes the store file's bytes into the stream it is given; the stream must not be closed. */
    @FunctionalInterface
    public interface StoreCopy {
        long copyTo(OutputStream out) throws IOException;
    }

    private BackupFile() {
    }

    /** The file name of a backup: its time and id, e.g. {@code evidence-vault-backup-20261201T235900Z-bk_….evb}. */
    static String fileName(Instant createdAt, String backupId) {
        String t = createdAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString().replace("-", "").replace(":", "");
        return "evidence-vault-backup-" + t + "-" + backupId + SUFFIX;
    }

    /**
     * Writes a backup into {@code dir}: to a temporary file, forced to disk, then renamed, so a backup file that exists
     * is whole. The store is copied once, straight into the cipher: no plaintext copy touches the disk.
     */
    public static Written write(Path dir, String backupId, Instant createdAt, String origin, long checkpointSize,
                                byte[] checkpointRoot, String checkpointNote, KeyRing keyRing, StoreCopy copy) throws IOException {
        Files.createDirectories(dir);
        BackupCipher.BackupKey key = BackupCipher.newKey(keyRing, backupId);
        Header header = new Header(backupId, createdAt, origin, checkpointSize, checkpointRoot, checkpointNote, key.wrapped());
        byte[] headerLine = headerLine(header);
        Path file = dir.resolve(fileName(createdAt, backupId));
        Path part = dir.resolve(file.getFileName() + ".part");
        long storeBytes;
        long copyMillis;
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ownerOnly(part);
            OutputStream raw = Channels.newOutputStream(ch);
            raw.write(headerLine);
            raw.write('\n');
            OutputStream out = BackupCipher.encrypting(new BufferedOutputStream(new NonClosing(raw), 1 << 20), key, headerLine);
            long t0 = System.nanoTime();
            storeBytes = copy.copyTo(out);
            copyMillis = (System.nanoTime() - t0) / 1_000_000;
            out.close();
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
        return new Written(file, Files.size(file), storeBytes, copyMillis);
    }

    /** Reads and checks a backup's header (nothing is decrypted). */
    public static Header readHeader(Path backup) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(backup))) {
            return parse(headerBytes(in, backup));
        }
    }

    /**
     * Decrypts the store file of {@code backup} into {@code storeFile} (which must not exist) with the key file's ring;
     * the file is forced to disk. Returns the header.
     *
     * @throws IOException if the backup is cut, changed, or does not open with this key ring (the file is then removed)
     */
    public static Header decryptStore(Path backup, KeyRing keyRing, Path storeFile) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(backup), 1 << 20)) {
            byte[] headerLine = headerBytes(in, backup);
            Header header = parse(headerLine);
            BackupCipher.BackupKey key = BackupCipher.openKey(keyRing, header.backupId(), header.key());
            try (FileChannel ch = FileChannel.open(storeFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 InputStream plain = BackupCipher.decrypting(in, key, headerLine)) {
                ownerOnly(storeFile);
                OutputStream out = Channels.newOutputStream(ch);
                plain.transferTo(out);
                ch.force(true);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(storeFile);
                throw e;
            }
            return header;
        }
    }

    /** Readable and writable by the owner only, where the file system has POSIX permissions (as the key files are). */
    private static void ownerOnly(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
    }

    static byte[] headerLine(Header h) {
        ObjectNode n = JSON.createObjectNode().put("format", FORMAT).put("backupId", h.backupId())
                .put("createdAt", h.createdAt().toString()).put("origin", h.origin());
        n.putObject("checkpoint").put("size", h.checkpointSize()).put("root", HexFormat.of().formatHex(h.checkpointRoot()))
                .put("note", h.checkpointNote());
        n.putObject("key").put("kekId", h.key().kekId()).put("kekVersion", h.key().kekVersion())
                .put("nonce", Base64.getEncoder().encodeToString(h.key().nonce()))
                .put("wrapped", Base64.getEncoder().encodeToString(h.key().wrapped()));
        return JSON.writeValueAsBytes(n);
    }

    private static byte[] headerBytes(InputStream in, Path backup) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0 || line.size() >= MAX_HEADER) {
                throw new IOException(backup.getFileName() + " is not an Evidence Vault backup (no header line)");
            }
            line.write(b);
        }
        return line.toByteArray();
    }

    static Header parse(byte[] headerLine) throws IOException {
        JsonNode n;
        try {
            n = JSON.readTree(new String(headerLine, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IOException("the backup's header is not JSON");
        }
        if (!n.isObject() || !FORMAT.equals(n.path("format").asString(""))) {
            throw new IOException("not an Evidence Vault backup of format " + FORMAT);
        }
        only(n, FIELDS, "the header");
        JsonNode cp = n.path("checkpoint");
        JsonNode key = n.path("key");
        if (!cp.isObject() || !key.isObject()) {
            throw new IOException("the backup's header lacks its checkpoint or key");
        }
        only(cp, CHECKPOINT_FIELDS, "the header's checkpoint");
        only(key, KEY_FIELDS, "the header's key");
        try {
            long size = cp.path("size").asLong(-1);
            if (size < 1 || !cp.path("size").isIntegralNumber() || !key.path("kekVersion").isIntegralNumber()) {
                throw new IOException("the backup's checkpoint size or key version is not a positive whole number");
            }
            return new Header(text(n, "backupId"), Instant.parse(text(n, "createdAt")), text(n, "origin"), size,
                    HexFormat.of().parseHex(text(cp, "root")), text(cp, "note"),
                    new BackupCipher.WrappedKey(text(key, "kekId"), key.path("kekVersion").asInt(),
                            Base64.getDecoder().decode(text(key, "nonce")), Base64.getDecoder().decode(text(key, "wrapped"))));
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new IOException("the backup's header has a malformed field");
        }
    }

    private static void only(JsonNode n, Set<String> allowed, String where) throws IOException {
        Set<String> unknown = new TreeSet<>(n.propertyNames());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw new IOException(where + " has fields this version does not know: " + unknown);
        }
    }

    private static String text(JsonNode n, String field) throws IOException {
        JsonNode v = n.path(field);
        if (!v.isString() || v.asString().isEmpty()) {
            throw new IOException("the backup's header lacks " + field);
        }
        return v.asString();
    }

    /** Lets the cipher close its stream (writing the last segment) without closing the file, which is forced first. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}

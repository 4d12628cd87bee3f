package org.evidencevault.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.evidencevault.ledger.WitnessKey;

/**
 * A witness's private key file: {@code evidence-vault-witness-key/1}, {@code name <witness name>},
 * {@code ed25519 <base64 of the 32-byte RFC 8032 private key>}, one per line. Made by {@code witness-keygen}, readable
 * by its owner only (0600 where the file system has POSIX permissions); the public half is the witness's
 * {@link WitnessKey#vkey() vkey}, which the vault and auditors pin.
 */
public final class WitnessKeyFile {

    static final String HEADER = "evidence-vault-witness-key/1";

    private final WitnessKey key;
    private final Ed25519Keys keys;

    private WitnessKeyFile(WitnessKey key, Ed25519Keys keys) {
        this.key = key;
        this.keys = keys;
    }

    /** A new key for a witness named {@code name}, written to {@code file} (which must not exist). */
    public static WitnessKeyFile generate(Path file, String name) throws IOException {
        Ed25519Keys keys = Ed25519Keys.generate(new SecureRandom());
        WitnessKey key = new WitnessKey(name, keys.publicKey());
        String text = HEADER + "\nname " + name + "\ned25519 " + Base64.getEncoder().encodeToString(keys.privateKey().reveal()) + "\n";
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.write(file, text.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
        return new WitnessKeyFile(key, keys);
    }

    public static WitnessKeyFile read(Path file) throws IOException {
        if (Files.size(file) > 4096) {
            throw new IOException(file + " is not a witness key file (too large)");
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        if (lines.size() != 3 || !HEADER.equals(lines.get(0)) || !lines.get(1).startsWith("name ") || !lines.get(2).startsWith("ed25519 ")) {
            throw new IOException(file + " is not a witness key file (" + HEADER + ", name, ed25519)");
        }
        try {
            Ed25519Keys keys = Ed25519Keys.fromPrivateKey(SecretBytes.copyOf(Base64.getDecoder().decode(lines.get(2).substring(8))));
            return new WitnessKeyFile(new WitnessKey(lines.get(1).substring(5), keys.publicKey()), keys);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " holds no valid witness key");
        }
    }

    public WitnessKey key() {
        return key;
    }

    /** Signs with the witness's private key. */
    public byte[] sign(byte[] message) {
        return keys.sign(message);
    }

    @Override
    public String toString() {
        return "WitnessKeyFile[" + key + ", private key redacted]";
    }
}

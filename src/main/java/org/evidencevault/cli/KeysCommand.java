package org.evidencevault.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.evidencevault.crypto.Digests;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.crypto.KeyRingException;
import org.evidencevault.crypto.KeySetFile;
import org.evidencevault.crypto.KeyShareException;
import org.evidencevault.crypto.KeyShareFile;
import org.evidencevault.crypto.Shamir;
import org.evidencevault.ledger.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Key backup: {@code keys split} writes Shamir shares of the key file, {@code keys join} recovers it from enough of them. */
@Command(name = "keys", mixinStandardHelpOptions = true, subcommands = {KeysCommand.Split.class, KeysCommand.Join.class},
        description = "Back up the key file as Shamir shares (split), and recover it from them (join).")
final class KeysCommand {

    /** Far above any key set (a few kB); a larger file is not one. */
    private static final long MAX_KEY_FILE_BYTES = 1 << 20;

    @Command(name = "split", mixinStandardHelpOptions = true,
            description = {"Split the key file into N share files, any K of which recover it and fewer of which reveal "
                    + "nothing about it. Writes DIR/share-<i>-of-<N>.txt, readable by their owner only."},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:the share files were written", "1:nothing was written (message on stderr)", "2:a usage error"})
    static final class Split implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--key", paramLabel = "FILE", defaultValue = "./keys/vault-keys.json",
                description = "The key file (vault-keys.json). Default: ${DEFAULT-VALUE}, the vault's default vault.keys.path.")
        Path key;

        @Option(names = "--shares", required = true, paramLabel = "N", description = "How many shares to write (2..255).")
        int shares;

        @Option(names = "--threshold", required = true, paramLabel = "K",
                description = "How many shares recover the key file (2..N).")
        int threshold;

        @Option(names = "--out", required = true, paramLabel = "DIR",
                description = "The directory for the share files; none of them may exist.")
        Path out;

        @Override
        public Integer call() {
            try {
                Shamir.checkParameters(shares, threshold);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            byte[] secret = null;
            List<Path> written = new ArrayList<>();
            try {
                if (!Files.isRegularFile(key)) {
                    return fail(spec, "no key file at " + key);
                }
                try {
                    if (Files.size(key) > MAX_KEY_FILE_BYTES) {
                        return fail(spec, key + " is not a key set (larger than " + MAX_KEY_FILE_BYTES + " bytes)");
                    }
                    secret = Files.readAllBytes(key);
                } catch (IOException e) {
                    return fail(spec, "cannot read " + key + " (" + e.getClass().getSimpleName() + ")");
                }
                KeyRing ring = KeySetFile.parse(key, secret);
                List<String> texts = KeyShareFile.split(secret, shares, threshold, new SecureRandom());
                List<Path> files = new ArrayList<>();
                for (int i = 1; i <= shares; i++) {
                    Path file = out.resolve("share-" + i + "-of-" + shares + ".txt");
                    if (Files.exists(file)) {
                        return fail(spec, file + " exists: nothing was written or overwritten");
                    }
                    files.add(file);
                }
                createOwnerOnlyDirectory(out);
                for (int i = 0; i < files.size(); i++) {
                    createOwnerOnly(files.get(i));
                    written.add(files.get(i));
                    write(files.get(i), texts.get(i).getBytes(StandardCharsets.US_ASCII));
                }
                var stdout = spec.commandLine().getOut();
                for (Path file : files) {
                    stdout.println(Printable.escape("wrote " + file));
                }
                stdout.println("Any " + threshold + " of these " + shares + " shares recover " + Printable.escape(key.toString())
                        + " ('keys join'); fewer reveal nothing about it.");
                stdout.println("Give each share to a different holder and keep them apart, and away from the vault;"
                        + " then delete them from this machine.");
                stdout.println("The key file's SHA-256 is " + Digests.sha256Hex(secret)
                        + ": note it apart from the shares, to compare after a join.");
                if (ring.isDemo()) {
                    stdout.println("Note: this is the demo key set, published with the source code: its shares protect nothing.");
                }
                written.clear();
                return 0;
            } catch (KeyRingException e) {
                return fail(spec, e.getMessage());
            } catch (IOException e) {
                return fail(spec, "cannot write the shares (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                        + "); the ones already written are removed");
            } finally {
                if (secret != null) {
                    Arrays.fill(secret, (byte) 0);
                }
                for (Path file : written) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException ignored) {
                        spec.commandLine().getErr().println(Printable.escape("error: could not remove " + file + ": delete it"));
                    }
                }
            }
        }
    }

    @Command(name = "join", mixinStandardHelpOptions = true,
            description = {"Recover the key file from at least the threshold of its share files, and write it to FILE, "
                    + "readable by its owner only."},
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:the key file was recovered and written", "1:nothing was written (message on stderr)",
                    "2:a usage error"})
    static final class Join implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the key file; must not exist.")
        Path out;

        @Parameters(arity = "1..*", paramLabel = "SHARE", description = "The share files (share-<i>-of-<N>.txt).")
        List<Path> shareFiles;

        @Override
        public Integer call() {
            byte[] secret = null;
            try {
                if (Files.exists(out)) {
                    return fail(spec, out + " exists: not overwritten");
                }
                List<KeyShareFile.Share> shares = new ArrayList<>();
                for (Path file : shareFiles) {
                    shares.add(KeyShareFile.read(file));
                }
                secret = KeyShareFile.join(shares);
                Path parent = out.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                createOwnerOnly(out);
                try {
                    write(out, secret);
                } catch (IOException e) {
                    Files.deleteIfExists(out);
                    throw e;
                }
                KeyShareFile.Share first = shares.get(0);
                spec.commandLine().getOut().println(Printable.escape("wrote " + out + ": the key file of split "
                        + first.splitId() + ", from " + shares.size() + " of its " + first.shares() + " shares; SHA-256 "
                        + first.secretSha256()));
                return 0;
            } catch (KeyShareException e) {
                return fail(spec, e.getMessage());
            } catch (FileAlreadyExistsException e) {
                return fail(spec, out + " exists: not overwritten");
            } catch (IOException e) {
                return fail(spec, "cannot write " + out + " (" + e.getClass().getSimpleName() + ")");
            } finally {
                if (secret != null) {
                    Arrays.fill(secret, (byte) 0);
                }
            }
        }
    }

    private static int fail(CommandSpec spec, String message) {
        spec.commandLine().getErr().println(Printable.escape("error: " + message));
        return 1;
    }

    private static void createOwnerOnlyDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectory(dir);
        }
    }

    /** Creates {@code file} (never over an existing one), owner-only where the file system has POSIX permissions. */
    private static void createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
    }

    private static void write(Path file, byte[] content) throws IOException {
        try (OutputStream stream = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
            stream.write(content);
        }
    }
}

package org.evidencevault.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.evidencevault.audit.RestoredFrom;
import org.evidencevault.backup.BackupFile;
import org.evidencevault.crypto.CryptoFailureException;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.crypto.KeyRingException;
import org.evidencevault.crypto.KeySetFile;
import org.evidencevault.ledger.Printable;
import org.evidencevault.store.EmbeddedStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code restore}: a backup ({@code .evb}) into an empty data directory, with the key file it was made under. The vault
 * started on that directory checks the restored log against the backup's signed checkpoint and raises an integrity
 * alarm saying that what it recorded after the backup was made is missing; changes wait for an ADMIN to acknowledge.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore a backup of the embedded store into an empty data directory. Needs the key file the "
                + "backup was made under (one that still holds its KEK version)."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the store was restored", "1:nothing was restored (message on stderr)", "2:a usage error"})
final class RestoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--backup", required = true, paramLabel = "FILE", description = "The backup file (.evb).")
    Path backup;

    @Option(names = "--key", paramLabel = "FILE", defaultValue = "./keys/vault-keys.json",
            description = "The key file. Default: ${DEFAULT-VALUE}, the vault's default vault.keys.path.")
    Path key;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR",
            description = "The data directory to restore into (vault.store.data-dir); must be empty or not exist.")
    Path dataDir;

    @Override
    public Integer call() {
        try {
            if (Files.exists(dataDir) && (!Files.isDirectory(dataDir) || !isEmpty(dataDir))) {
                return fail(dataDir + " is not an empty directory: restore only into an empty data directory (nothing was changed)");
            }
            KeyRing ring = KeySetFile.load(key);
            Files.createDirectories(dataDir);
            Path part = dataDir.resolve(EmbeddedStore.fileName() + ".part");
            BackupFile.Header header = BackupFile.decryptStore(backup, ring, part);
            try {
                EmbeddedStore.checkFile(part);
            } catch (IllegalStateException e) {
                Files.deleteIfExists(part);
                return fail("the backup's store does not open: " + e.getMessage());
            }
            // the note first: a store in place without it would start as if whole
            RestoredFrom.write(dataDir, new RestoredFrom.Marker(header.backupId(), header.createdAt(), header.checkpointSize(),
                    header.checkpointRoot(), header.checkpointNote()));
            // a link, not a rename: it fails if a store appeared meanwhile (a vault started on the directory)
            Files.createLink(dataDir.resolve(EmbeddedStore.fileName()), part);
            Files.delete(part);
            try (java.nio.channels.FileChannel d = java.nio.channels.FileChannel.open(dataDir, java.nio.file.StandardOpenOption.READ)) {
                d.force(true);
            }
            spec.commandLine().getOut().println(Printable.escape("restored backup " + header.backupId() + " (made at "
                    + header.createdAt() + ", log " + header.origin() + ", signed checkpoint of size " + header.checkpointSize()
                    + ") into " + dataDir.toAbsolutePath()));
            spec.commandLine().getOut().println("At its next start the vault checks the restored log against that checkpoint and "
                    + "raises an integrity alarm: whatever it recorded after the backup was made is missing. Changes wait until an "
                    + "ADMIN acknowledges it (POST /api/v1/admin/integrity/acknowledge).");
            return 0;
        } catch (KeyRingException | CryptoFailureException e) {
            return fail("the key file does not open this backup: " + e.getMessage());
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return fail("a store appeared in " + dataDir + " during the restore: it was left as it is; restore into an empty"
                    + " directory no vault uses");
        } catch (IOException | RuntimeException e) {
            return fail("the restore did not finish (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + "); remove what it left in " + dataDir + " and restore again");
        }
    }

    private int fail(String message) {
        spec.commandLine().getErr().println(Printable.escape("error: " + message));
        return 1;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.findAny().isEmpty();
        }
    }
}

package org.evidencevault.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.crypto.KeySetFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Writes a fresh key set: one key-encryption key and one blind-index key, readable by the owner only. */
@Command(name = "keygen", description = "Write a fresh key set to <out>/vault-keys.json (owner-only permissions).")
final class KeygenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "Directory to write vault-keys.json into.")
    Path out;

    @Option(names = "--force", description = "Overwrite an existing key set (its data becomes unreadable!).")
    boolean force;

    @Option(names = "--demo", description = "Mark the set as demo keys (only for keys-example/).")
    boolean demo;

    @Override
    public Integer call() {
        Path file = out.resolve("vault-keys.json");
        if (Files.exists(file) && !force) {
            spec.commandLine().getErr().println("error: " + file + " exists; refusing to overwrite keys (data under them would be lost). Use --force only if you mean it.");
            return 1;
        }
        KeyRing ring = KeySetFile.generate(file, demo);
        spec.commandLine().getOut().println("wrote " + file + ": KEK " + ring.activeKek().id() + " v" + ring.activeKek().version()
                + ", blind-index key " + ring.blindIndexKey().id() + ". Back it up offline: losing it loses the data.");
        return 0;
    }
}

package org.evidencevault.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.crypto.KeySetFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * KEK rotation, step 1: add a new key-encryption key version to the key set. Step 2: restart the vault
 * instances with the new file and call {@code POST /api/v1/admin/keys/rewrap}, which re-wraps every data
 * key under the new version without re-encrypting any record. Old versions stay in the file until then.
 */
@Command(name = "add-kek-version", description = "Add a new key-encryption key version (the new active one).")
final class AddKekVersionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--keys", required = true, description = "The key set file (vault-keys.json).")
    Path keys;

    @Override
    public Integer call() {
        KeyRing ring = KeySetFile.addKekVersion(keys);
        spec.commandLine().getOut().println("active KEK is now " + ring.activeKek().id() + " v" + ring.activeKek().version()
                + "; restart the vault with this file, then POST /api/v1/admin/keys/rewrap");
        return 0;
    }
}

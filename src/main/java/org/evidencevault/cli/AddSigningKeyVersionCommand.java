package org.evidencevault.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.crypto.KeySetFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Audit signing-key rotation: adds a new signing key version (Ed25519 + ML-DSA-65) to the key set. At its
 * next start the vault records the rotation as an entry signed by the old key that commits to the new
 * public keys, then signs new entries and checkpoints with the new key. Keep old versions in the file.
 */
@Command(name = "add-signing-key-version", mixinStandardHelpOptions = true,
        description = "Add a new audit signing key version (the new active one); old versions stay.")
final class AddSigningKeyVersionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--keys", required = true, description = "The key set file (vault-keys.json).")
    Path keys;

    @Override
    public Integer call() {
        KeyRing ring = KeySetFile.addSigningKeyVersion(keys);
        spec.commandLine().getOut().println("active audit signing key is now " + ring.activeSigningKey().keyId()
                + "; restart the vault: it records the rotation, attested by the previous key");
        return 0;
    }
}

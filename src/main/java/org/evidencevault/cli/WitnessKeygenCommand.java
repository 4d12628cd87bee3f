package org.evidencevault.cli;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.evidencevault.ledger.Printable;
import org.evidencevault.crypto.WitnessKeyFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Makes a witness's key: the private key file for {@code witness --key}, and prints the vkey others pin. */
@Command(name = "witness-keygen", mixinStandardHelpOptions = true,
        description = {"Make a witness key: write the private key file (readable by its owner only) and print the "
                + "witness's public key (vkey) for the vault's configuration and auditors' --witness."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the key file was written (the vkey on stdout)", "1:nothing was written (message on stderr)",
                "2:a usage error"})
final class WitnessKeygenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The witness's name, a schema-less URL "
            + "such as witness.partner.example/w1 (no spaces or '+').")
    String name;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the private key; must not exist.")
    Path out;

    @Override
    public Integer call() {
        try {
            WitnessKeyFile key = WitnessKeyFile.generate(out, name);
            spec.commandLine().getOut().println(Printable.escape(key.key().vkey()));
            return 0;
        } catch (FileAlreadyExistsException e) {
            spec.commandLine().getErr().println(Printable.escape("error: " + out + " exists: not overwritten"));
        } catch (IllegalArgumentException | java.io.IOException e) {
            spec.commandLine().getErr().println(Printable.escape("error: " + e.getMessage()));
        }
        return 1;
    }
}

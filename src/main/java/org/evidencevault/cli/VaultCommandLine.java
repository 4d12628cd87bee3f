package org.evidencevault.cli;

import java.io.PrintWriter;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar evidence-vault.jar <command>}: the offline commands. Exit codes: 0 success,
 * 1 the command ran and failed (message on stderr; for {@code verify}: the bundle does not verify, FAIL on stdout),
 * 2 usage error (for {@code verify} also: nothing could be verified). See each command's {@code --help}.
 */
@Command(name = "evidence-vault", mixinStandardHelpOptions = true,
        subcommands = {KeygenCommand.class, AddKekVersionCommand.class, AddSigningKeyVersionCommand.class,
                VerifyCommand.class, PinKeyCommand.class, TotpCommand.class, WitnessKeygenCommand.class, WitnessCommand.class, VerifyPackageCommand.class, BackupCommand.class, RestoreCommand.class,
                KeysCommand.class,
                CommandLine.HelpCommand.class},
        description = "Evidence Vault offline commands. Without a command, the server starts.")
public final class VaultCommandLine {

    private static final Set<String> COMMANDS = Set.of("keygen", "add-kek-version", "add-signing-key-version", "verify",
            "pin-key", "totp", "witness-keygen", "witness", "verify-package", "backup", "restore", "keys", "help", "--help", "-h");

    public static boolean isCommand(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    public static int run(String[] args) {
        return run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    /** Runs a command with its output and error streams redirected, for embedding and tests. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new VaultCommandLine());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            return 1;
        });
        return cl.execute(args);
    }
}

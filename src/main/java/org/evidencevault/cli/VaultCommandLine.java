package org.evidencevault.cli;

import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar evidence-vault.jar <command>}: the offline commands. Exit codes: 0 success,
 * 1 the command ran and failed (message on stderr), 2 usage error.
 */
@Command(name = "evidence-vault", mixinStandardHelpOptions = true,
        subcommands = {KeygenCommand.class, AddKekVersionCommand.class},
        description = "Evidence Vault offline commands. Without a command, the server starts.")
public final class VaultCommandLine {

    private static final Set<String> COMMANDS = Set.of("keygen", "add-kek-version", "help", "--help", "-h");

    public static boolean isCommand(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    public static int run(String[] args) {
        CommandLine cl = new CommandLine(new VaultCommandLine());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            return 1;
        });
        return cl.execute(args);
    }
}

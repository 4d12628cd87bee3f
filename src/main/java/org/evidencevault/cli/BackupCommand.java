package org.evidencevault.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.evidencevault.ledger.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code backup}: asks a running vault for an online backup ({@code POST /api/v1/admin/backups}, an ADMIN's API token);
 * the vault writes it into its {@code vault.backup.dir}. Prints the vault's answer.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Have a running vault write an encrypted backup of its embedded store (and the signed checkpoint it "
                + "holds) into its backup directory, while it runs."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the backup was written (its description on stdout)", "1:no backup was written (the vault's problem on stderr)",
                "2:a usage error"})
final class BackupCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--vault", paramLabel = "URL", defaultValue = "http://localhost:8080",
            description = "The vault's address. Default: ${DEFAULT-VALUE}.")
    URI vault;

    @Option(names = "--token-file", required = true, paramLabel = "FILE",
            description = "A file holding an ADMIN's API token (POST /api/v1/auth/token); never pass a token on the command line.")
    Path tokenFile;

    @Override
    public Integer call() {
        try {
            String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(vault.resolve("/api/v1/admin/backups"))
                    .timeout(Duration.ofHours(1)).header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 201) {
                spec.commandLine().getOut().println(Printable.escape(r.body()));
                return 0;
            }
            spec.commandLine().getErr().println(Printable.escape("error: the vault answered " + r.statusCode() + ": " + r.body()));
            return 1;
        } catch (IOException e) {
            spec.commandLine().getErr().println(Printable.escape("error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}

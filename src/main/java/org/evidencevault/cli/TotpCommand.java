package org.evidencevault.cli;

import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.evidencevault.common.DemoTotpSecrets;
import org.evidencevault.crypto.Totp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Prints the current authenticator code of a TOTP secret, like an authenticator app: for trying the demo
 * accounts ({@code totp officer}) and for scripts. The secret is read from the argument or, with {@code -},
 * from standard input (so it stays out of the shell history).
 */
@Command(name = "totp", mixinStandardHelpOptions = true,
        description = "Print the current 6-digit code of a TOTP secret (base32), or of a demo account (officer, rapporteur, auditor, admin).")
final class TotpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<secret|demo-account|->", description = "A base32 secret, a demo account name, or - to read the secret from stdin.")
    String secret;

    @Override
    public Integer call() throws Exception {
        String base32 = "-".equals(secret) ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).strip()
                : DemoTotpSecrets.BY_ACCOUNT.getOrDefault(secret.toLowerCase(Locale.ROOT), secret);
        Instant now = Instant.now();
        String code;
        try {
            code = Totp.code(Totp.fromBase32(base32), now);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: not a base32 secret or a demo account name");
            return 2;
        }
        long left = Totp.STEP_SECONDS - now.getEpochSecond() % Totp.STEP_SECONDS;
        spec.commandLine().getOut().println(code + "  (valid for " + left + " more seconds)");
        return 0;
    }
}

package org.evidencevault;

import org.evidencevault.cli.VaultCommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point. {@code java -jar vault.jar} starts the server; {@code java -jar vault.jar keygen ...}
 * and the other offline commands run without any Spring context.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EvidenceVaultApplication {

    public static void main(String[] args) {
        if (VaultCommandLine.isCommand(args)) {
            System.exit(VaultCommandLine.run(args));
        }
        SpringApplication.run(EvidenceVaultApplication.class, args);
    }
}

package org.evidencevault.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.evidencevault.crypto.TimeStamps;
import org.evidencevault.ledger.AuditPublicKey;
import org.evidencevault.ledger.MalformedBundleException;
import org.evidencevault.ledger.SignatureMode;
import org.evidencevault.ledger.TrustPolicy;
import org.evidencevault.ledger.WitnessKey;
import picocli.CommandLine.Option;

/**
 * What an auditor pins, for {@code verify} and {@code verify-package}: the log's key files ({@code --key}), the
 * witnesses' keys and their quorum ({@code --witness}, {@code --min-witnesses}) and the TSAs' certificates
 * ({@code --tsa}). Read in that order; the first that cannot be used stops the command with exit 2.
 */
final class TrustOptions {

    @Option(names = "--key", paramLabel = "FILE", description = "A public key file (the JSON of one element of "
            + "the bundle's \"keys\" array) that you obtained independently of the bundle; repeatable. Without "
            + "--key the bundle's own keys are trusted, which proves integrity but not authenticity.")
    List<Path> keys = new ArrayList<>();

    @Option(names = "--witness", paramLabel = "VKEY|FILE", description = "A witness's public key (its vkey, "
            + "name+keyid+base64, or a file holding it) that you obtained independently; repeatable. The latest "
            + "checkpoint must carry valid cosignatures of --min-witnesses of them.")
    List<String> witnesses = new ArrayList<>();

    @Option(names = "--min-witnesses", paramLabel = "N", description = "How many of the --witness keys must have "
            + "cosigned the latest checkpoint (default: all of them).")
    Integer minWitnesses;

    @Option(names = "--tsa", paramLabel = "CERT", description = "The certificate (PEM or DER) of a Time-Stamp "
            + "Authority you trust; repeatable. Time-stamp tokens of these TSAs are checked and their times reported.")
    List<Path> tsas = new ArrayList<>();

    TrustPolicy policy(SignatureMode signatures) throws VerifyCommand.UnreadableInputException {
        List<AuditPublicKey> pinned = readKeys();
        List<WitnessKey> pinnedWitnesses = readWitnesses();
        int needed = minWitnesses == null ? pinnedWitnesses.size() : minWitnesses;
        if (needed < 0 || needed > pinnedWitnesses.size()) {
            throw new VerifyCommand.UnreadableInputException("--min-witnesses must be between 0 and the " + pinnedWitnesses.size()
                    + " --witness keys given");
        }
        return new TrustPolicy(pinned, null, signatures).withWitnesses(pinnedWitnesses, needed)
                .withTimestamps(tsas.isEmpty() ? null : TimeStamps.verifier(readTsas()));
    }

    private List<AuditPublicKey> readKeys() throws VerifyCommand.UnreadableInputException {
        List<AuditPublicKey> pinned = new ArrayList<>();
        for (Path file : keys) {
            try {
                AuditPublicKey key = AuditPublicKey.parse(VerifyCommand.readBounded(file, 16 * 1024));
                if (pinned.stream().anyMatch(k -> k.keyId().equals(key.keyId()))) {
                    throw new VerifyCommand.UnreadableInputException(file + ": a second key file for key '" + key.keyId() + "'");
                }
                pinned.add(key);
            } catch (MalformedBundleException e) {
                throw new VerifyCommand.UnreadableInputException(file + ": " + e.getMessage());
            }
        }
        return pinned;
    }

    private List<WitnessKey> readWitnesses() throws VerifyCommand.UnreadableInputException {
        List<WitnessKey> pinned = new ArrayList<>();
        for (String given : witnesses) {
            String vkey = given;
            if (!given.contains("+")) {
                vkey = new String(VerifyCommand.readBounded(Path.of(given), WitnessKey.MAX_VKEY_CHARS + 2),
                        java.nio.charset.StandardCharsets.UTF_8).strip();
            }
            try {
                WitnessKey key = WitnessKey.parse(vkey);
                if (pinned.contains(key)) {
                    throw new VerifyCommand.UnreadableInputException("--witness " + key.name() + " is given twice");
                }
                pinned.add(key);
            } catch (IllegalArgumentException e) {
                throw new VerifyCommand.UnreadableInputException("--witness " + given + ": " + e.getMessage());
            }
        }
        return pinned;
    }

    private List<java.security.cert.X509Certificate> readTsas() throws VerifyCommand.UnreadableInputException {
        List<java.security.cert.X509Certificate> certs = new ArrayList<>();
        for (Path file : tsas) {
            try {
                certs.add(TimeStamps.readCertificate(VerifyCommand.readBounded(file, 64 * 1024)));
            } catch (TimeStamps.TimeStampException e) {
                throw new VerifyCommand.UnreadableInputException(file + ": " + e.getMessage());
            }
        }
        return certs;
    }
}

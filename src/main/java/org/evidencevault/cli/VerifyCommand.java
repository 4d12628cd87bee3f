package org.evidencevault.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.evidencevault.crypto.Ed25519Keys;
import org.evidencevault.crypto.MlDsa65Keys;
import org.evidencevault.ledger.AuditBundle;
import org.evidencevault.ledger.BundleVerifier;
import org.evidencevault.ledger.MalformedBundleException;
import org.evidencevault.ledger.Printable;
import org.evidencevault.ledger.SignatureMode;
import org.evidencevault.ledger.SignedNote;
import org.evidencevault.ledger.TrustPolicy;
import org.evidencevault.ledger.VerificationFailure;
import org.evidencevault.ledger.VerificationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * Offline verification of an exported audit bundle (docs/audit-format.md, "Verification algorithm"), with
 * nothing but the bundle, the auditor's keys and optionally a checkpoint kept from last time.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify an exported audit bundle offline: entry signatures, hash chain, signed checkpoints "
                + "and Merkle proofs. Prints 'OK: <summary>', or 'FAIL seq N: <reason>' / 'FAIL: <reason>' for the "
                + "first problem found."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the bundle verifies (OK line on stdout, warnings on stderr)",
                "1:the bundle does not verify (FAIL line on stdout)",
                "2:nothing was verified: the bundle or a key file cannot be read or is malformed, the previous "
                        + "checkpoint file cannot be read, a usage error, or an internal error (message on stderr); "
                        + "a previous checkpoint that is malformed or does not verify is a FAIL (1)"})
final class VerifyCommand implements Callable<Integer> {

    static final int VERIFIED = 0;
    static final int FAILED = 1;
    static final int NOT_VERIFIED = 2;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "The bundle file (JSON) exported by the vault.")
    Path bundle;

    @picocli.CommandLine.Mixin
    TrustOptions trustOptions = new TrustOptions();

    @Option(names = "--previous-checkpoint", paramLabel = "FILE", description = "A signed checkpoint you kept "
            + "from an earlier verification; the bundle must prove that its latest checkpoint extends it.")
    Path previousCheckpoint;

    @Option(names = "--signatures", paramLabel = "all|checkpoints", defaultValue = "all",
            converter = SignatureModeConverter.class, description = "all (default): every entry signature and "
            + "every checkpoint signature; checkpoints: checkpoint signatures, key rotation entry signatures and the hash chain only (faster).")
    SignatureMode signatures;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            TrustPolicy trust = trustOptions.policy(signatures).withPreviousCheckpoint(readPreviousCheckpoint());
            AuditBundle parsed = readBundle();
            BundleVerifier verifier = new BundleVerifier(Ed25519Keys::verify, Ed25519Keys.noteVerifier(),
                    MlDsa65Keys.noteVerifier());
            VerificationReport report = verifier.verify(parsed, trust);
            report.warnings().forEach(warning -> say(err, "warning: " + warning));
            say(out, "OK: " + VerificationSummary.of(report));
            report.provenTimes().forEach(p -> say(out, VerificationSummary.proven(p)));
            return VERIFIED;
        } catch (VerificationFailure failure) {
            say(out, failure.seq() == null ? "FAIL: " + failure.reason()
                    : "FAIL seq " + failure.seq() + ": " + failure.reason());
            return FAILED;
        } catch (UnreadableInputException e) {
            say(err, "error: " + e.getMessage());
            return NOT_VERIFIED;
        } catch (RuntimeException e) {
            say(err, "error: verification could not complete: " + e);
            return NOT_VERIFIED;
        }
    }

    /** Every line goes out escaped: text from the bundle never controls the terminal. */
    private static void say(PrintWriter to, String line) {
        to.println(Printable.escape(line));
    }

    private AuditBundle readBundle() throws UnreadableInputException {
        try {
            return AuditBundle.read(bundle);
        } catch (IOException e) {
            throw new UnreadableInputException("cannot read " + bundle + ": " + e);
        } catch (MalformedBundleException e) {
            throw new UnreadableInputException(bundle + ": " + e.getMessage());
        }
    }

    private byte[] readPreviousCheckpoint() throws UnreadableInputException {
        return previousCheckpoint == null ? null : readBounded(previousCheckpoint, SignedNote.MAX_NOTE_BYTES);
    }

    static byte[] readBounded(Path file, int maxBytes) throws UnreadableInputException {
        try {
            if (Files.size(file) > maxBytes) {
                throw new UnreadableInputException(file + ": more than " + maxBytes + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UnreadableInputException("cannot read " + file + ": " + e);
        }
    }

    /** An input file named on the command line cannot be read or is not what it should be. */
    static final class UnreadableInputException extends Exception {
        UnreadableInputException(String message) {
            super(message);
        }
    }

    /** {@code all} or {@code checkpoints}; anything else is a usage error (exit 2). */
    static final class SignatureModeConverter implements ITypeConverter<SignatureMode> {
        @Override
        public SignatureMode convert(String value) {
            switch (value) {
                case "all":
                    return SignatureMode.ALL;
                case "checkpoints":
                    return SignatureMode.CHECKPOINTS_ONLY;
                default:
                    throw new TypeConversionException("expected all or checkpoints, got '" + value + "'");
            }
        }
    }
}

package org.evidencevault.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;
import org.evidencevault.ledger.AuditPublicKey;
import org.evidencevault.ledger.MalformedBundleException;
import org.evidencevault.ledger.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Writes the key file {@code verify --key} reads: the one element of a saved {@code GET /api/v1/audit/keys}
 * response (a JSON array of every key version) whose key id is asked for, in the form {@link AuditPublicKey#parse}
 * accepts. The list is read as strictly as a bundle; an unknown key id, a key id listed twice or a malformed list
 * writes nothing. Offline: no vault, no network, no Spring.
 */
@Command(name = "pin-key", mixinStandardHelpOptions = true,
        description = {"Write the key file that 'verify --key' reads: one key version, taken from the JSON array "
                + "that GET /api/v1/audit/keys serves (saved to a file). Compare the fingerprint it prints with "
                + "the one the operator gives you through another channel."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the key file was written (its key id and fingerprint on stdout)",
                "1:nothing was written: the list cannot be read or is malformed, lists a key id twice or not the "
                        + "one asked for, or the output file exists (message on stderr)",
                "2:a usage error"})
final class PinKeyCommand implements Callable<Integer> {

    static final int WRITTEN = 0;
    static final int NOT_WRITTEN = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--keys", required = true, paramLabel = "FILE",
            description = "The response of GET /api/v1/audit/keys, saved to a file.")
    Path keys;

    @Option(names = "--key-id", required = true, paramLabel = "ID", description = "The key version to pin, e.g. audit-v1.")
    String keyId;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The key file to write.")
    Path out;

    @Option(names = "--force", description = "Overwrite an existing key file.")
    boolean force;

    @Override
    public Integer call() {
        try {
            AuditPublicKey key = select(AuditPublicKey.parseList(read(keys)));
            write(key.toJson());
            say(spec.commandLine().getOut(), "wrote " + out + ": key " + key.keyId() + ", fingerprint "
                    + key.commitment());
            return WRITTEN;
        } catch (NotWrittenException e) {
            say(spec.commandLine().getErr(), "error: " + e.getMessage());
            return NOT_WRITTEN;
        } catch (MalformedBundleException e) {
            say(spec.commandLine().getErr(), "error: " + keys + ": " + e.getMessage());
            return NOT_WRITTEN;
        }
    }

    private AuditPublicKey select(List<AuditPublicKey> listed) throws NotWrittenException {
        for (AuditPublicKey key : listed) {
            if (key.keyId().equals(keyId)) {
                return key;
            }
        }
        List<String> ids = listed.stream().map(AuditPublicKey::keyId).toList();
        throw new NotWrittenException(keys + ": no key '" + keyId + "'; it lists " + (ids.isEmpty() ? "no keys"
                : String.join(", ", ids)));
    }

    private static byte[] read(Path file) throws NotWrittenException {
        try {
            long size = Files.size(file);
            if (size > AuditPublicKey.MAX_KEY_LIST_BYTES) {
                throw new NotWrittenException(file + ": more than " + AuditPublicKey.MAX_KEY_LIST_BYTES + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new NotWrittenException("cannot read " + file + ": " + e);
        }
    }

    private void write(byte[] json) throws NotWrittenException {
        try {
            if (force) {
                Files.write(out, json);
            } else {
                Files.write(out, json, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
        } catch (FileAlreadyExistsException e) {
            throw new NotWrittenException(out + " exists; pass --force to overwrite it");
        } catch (IOException e) {
            throw new NotWrittenException("cannot write " + out + ": " + e);
        }
    }

    /** Every line goes out escaped: text from the list never controls the terminal. */
    private static void say(java.io.PrintWriter to, String line) {
        to.println(Printable.escape(line));
    }

    /** The key file was not written; the message says why. */
    static final class NotWrittenException extends Exception {
        NotWrittenException(String message) {
            super(message);
        }
    }
}

package org.evidencevault.cli;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.evidencevault.crypto.Ed25519Keys;
import org.evidencevault.crypto.MlDsa65Keys;
import org.evidencevault.ledger.AuditPublicKey;
import org.evidencevault.ledger.NoteKey;
import org.evidencevault.ledger.Printable;
import org.evidencevault.witness.Witness;
import org.evidencevault.crypto.WitnessKeyFile;
import org.evidencevault.witness.WitnessServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs a witness (c2sp.org/tlog-witness) until stopped: {@code witness --key FILE --log ORIGIN KEYFILE --port N
 * --state FILE}. Each {@code --log} names a log's origin and a key file of one of its signing key versions (the file
 * {@code verify --key} reads; repeat the origin for each version); a checkpoint is cosigned only if both of that key's
 * signatures verify, and only if it is consistent with what this witness cosigned before.
 */
@Command(name = "witness", mixinStandardHelpOptions = true,
        description = {"Run a witness: cosign the checkpoints of the logs given, each only if consistent with what it "
                + "cosigned before (POST <prefix>/add-checkpoint, c2sp.org/tlog-witness). Runs until stopped."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"1:the witness could not start (message on stderr)", "2:a usage error"})
final class WitnessCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "The witness's private key file (witness-keygen).")
    Path key;

    @Option(names = "--log", required = true, arity = "2", paramLabel = "ORIGIN KEYFILE",
            description = "A log to witness: its origin line and the key file of one of its signing key versions. Repeatable.")
    List<String> logs = new ArrayList<>();

    @Option(names = "--state", required = true, paramLabel = "FILE", description = "Where the witness keeps each log's "
            + "latest cosigned size and root (made if missing; never delete it: it is what stops a rollback).")
    Path state;

    @Option(names = "--port", required = true, paramLabel = "PORT", description = "The port to listen on (0: any free port).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS", description = "The address to listen on "
            + "(default 127.0.0.1; put a TLS proxy in front to serve other machines).")
    String bind;

    @Option(names = "--prefix", defaultValue = "", paramLabel = "PATH", description = "The submission prefix, such as /w1 (default none).")
    String prefix;

    /** Set once it listens (tests). */
    volatile WitnessServer server;
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, List<NoteKey>> trusted = new LinkedHashMap<>();
        for (int i = 0; i < logs.size(); i += 2) {
            String origin = logs.get(i);
            Path file = Path.of(logs.get(i + 1));
            AuditPublicKey k;
            try {
                if (Files.size(file) > 16 * 1024) {
                    throw new java.io.IOException("more than 16384 bytes");
                }
                k = AuditPublicKey.parse(Files.readAllBytes(file));
            } catch (Exception e) {
                err.println(Printable.escape("error: " + file + ": " + e.getMessage()));
                return 1;
            }
            trusted.computeIfAbsent(origin, o -> new ArrayList<>()).addAll(List.of(
                    Ed25519Keys.trustedKey(k.keyId(), k.ed25519()), MlDsa65Keys.trustedKey(k.mlDsa65KeyName(), k.mlDsa65())));
        }
        Witness witness;
        try {
            witness = Witness.open(WitnessKeyFile.read(key), trusted, state, Clock.systemUTC(), err);
        } catch (java.io.IOException e) {
            err.println(Printable.escape("error: " + e.getMessage()));
            return 1;
        }
        server = WitnessServer.start(witness, new InetSocketAddress(bind, port), prefix);
        out.println(Printable.escape("witness " + witness.key().vkey() + " listening on http://" + bind + ":" + server.port()
                + prefix + "/add-checkpoint for " + String.join(", ", trusted.keySet())));
        out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        stop.await();
        server.close();
        return 0;
    }
}

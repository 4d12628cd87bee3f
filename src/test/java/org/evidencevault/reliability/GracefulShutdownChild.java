package org.evidencevault.reliability;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.evidencevault.EvidenceVaultApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Child process of {@link GracefulShutdownTest}: a whole vault (profiles "demo", "test", no seed case) on a data
 * directory. {@code serve}: prints {@code PORT <port>} once it is up and runs until it is sent SIGTERM.
 * {@code check}: starts, prints {@code CHECKED lost=<n> of=<n>} for the defender ids in the file given (those a
 * client saw acknowledged), and stops. The start-up's crash repair logs each change it re-applies.
 */
public final class GracefulShutdownChild {

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path keys = Path.of(args[1]);
        String mode = args[2];
        ConfigurableApplicationContext vault = new SpringApplicationBuilder(EvidenceVaultApplication.class)
                .profiles("demo", "test")
                .run("--vault.store.data-dir=" + data, "--vault.keys.path=" + keys, "--server.port=0",
                        "--server.address=127.0.0.1", "--vault.demo.seed=false", "--vault.store.min-free-space=0",
                        "--logging.level.root=error", "--logging.level.org.evidencevault.audit=warn");
        if (mode.equals("serve")) {
            System.out.println("PORT " + vault.getEnvironment().getProperty("local.server.port"));
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
        List<String> acked = Files.readAllLines(Path.of(args[3]));
        MongoDatabase db = vault.getBean(MongoDatabase.class);
        long lost = acked.stream().filter(id -> db.getCollection("defenders").countDocuments(Filters.eq("_id", id)) != 1).count();
        System.out.println("CHECKED lost=" + lost + " of=" + acked.size());
        System.out.flush();
        vault.close();
    }
}

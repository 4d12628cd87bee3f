package org.evidencevault.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bson.Document;
import org.evidencevault.support.VaultContexts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A stolen copy of the data directory must not reveal who the defenders are. Loads the seed case
 * (demo profile), stops the vault, and scans every byte of every file in the data directory for each
 * sensitive value of the seed case, in UTF-8 and UTF-16. A canary written in the clear proves the scan
 * can see stored strings.
 */
@ExtendWith(OutputCaptureExtension.class)
class RawStoreScanTest {

    /** Every sensitive value of the seed case: names, roles, organisation of the defenders, notes, titles, dates, letter texts. */
    static final List<String> SENSITIVE = List.of(
            "María Luisa Aguilar Rodríguez", "Aguilar Rodr", "Jorge Santiago Aguirre Espinosa", "Aguirre Espinosa",
            "Aguirre", "Coordinator of the International Area", "Director",
            "Centro de Derechos Humanos Miguel Agust", "Centro Prodh", "Prodh",
            "Red en Defensa de los Derechos Digitales",
            "Pegasus infections of two", "Earlier Pegasus targeting", "Ayotzinapa", "Cerocahui", "Dirty War",
            "Jesuit", "named themselves publicly",
            "2022-06-22", "2022-06-23", "2022-07-13", "2022-09-24", "2022-09-29", "2022-12-15",
            "citizenlab.ca/2023/04",
            // UN communications: the addressee's name, summaries, reply summaries and citation notes are sealed
            "NSO Group", "Whistleblowing policy", "Pegasus Project", "naturally very concerning",
            "According to the information received");

    private static final String CANARY = "canary-stored-in-the-clear-7f3a";

    @Test
    void dataDirectoryHoldsNoSensitiveSeedValue(@TempDir Path dir, CapturedOutput output) throws IOException {
        Path data = dir.resolve("data");
        try (ConfigurableApplicationContext ctx = VaultContexts.start(data, Path.of("keys-example/vault-keys.json"), "demo", "test")) {
            MongoDatabase db = ctx.getBean(MongoDatabase.class);
            assertThat(db.getCollection("defenders").countDocuments()).isEqualTo(2);
            assertThat(db.getCollection("incidents").countDocuments()).isEqualTo(2);
            assertThat(db.getCollection("communications").countDocuments()).isEqualTo(4);
            db.getCollection("canary").insertOne(new Document("_id", 1).append("v", CANARY));
        }

        byte[] all = readAll(data);
        assertThat(all.length).as("the store wrote files").isGreaterThan(0);
        assertThat(contains(all, CANARY)).as("the scan sees strings stored in the clear").isTrue();
        assertThat(contains(all, "PEGASUS")).as("plain, non-identifying fields are visible to the scan").isTrue();

        List<String> found = new ArrayList<>();
        for (String value : SENSITIVE) {
            if (contains(all, value) || contains(all, value.toLowerCase()) || containsUtf16(all, value)) {
                found.add(value);
            }
        }
        assertThat(found).as("sensitive values readable in the raw store files").isEmpty();

        String logs = output.getAll();
        assertThat(SENSITIVE.stream().filter(v -> v.length() > 8 && logs.contains(v)).toList())
                .as("sensitive values in the logs").isEmpty();
    }

    private static byte[] readAll(Path dir) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.write(Files.readAllBytes(f));
            }
        }
        return out.toByteArray();
    }

    private static boolean contains(byte[] haystack, String needle) {
        return indexOf(haystack, needle.getBytes(StandardCharsets.UTF_8)) >= 0;
    }

    private static boolean containsUtf16(byte[] haystack, String needle) {
        return indexOf(haystack, needle.getBytes(StandardCharsets.UTF_16LE)) >= 0
                || indexOf(haystack, needle.getBytes(StandardCharsets.UTF_16BE)) >= 0;
    }

    private static int indexOf(byte[] h, byte[] n) {
        outer:
        for (int i = 0; i <= h.length - n.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (h[i + j] != n[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

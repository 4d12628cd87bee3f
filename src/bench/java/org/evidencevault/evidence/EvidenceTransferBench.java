package org.evidencevault.evidence;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Random;
import java.util.Set;
import org.evidencevault.EvidenceVaultApplication;
import org.evidencevault.common.Actor;
import org.evidencevault.common.DemoTeams;
import org.evidencevault.common.Role;
import org.evidencevault.incidents.IncidentId;
import org.evidencevault.incidents.IncidentService;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Evidence intake and download against the embedded store, next to {@code Files.copy} of the same file on the same
 * disk, side by side per round: through the service (no HTTP: the bytes as the controller hands them over), and end
 * to end over HTTP (the JDK's client on loopback, one {@code PATCH} streaming the file, one {@code GET} read to the
 * end and discarded). Downloads decrypt and check every segment and the SHA-256; the officer acts with a fresh
 * passkey confirmation (a token carrying one, made without the ceremony: {@code FreshPasskeyTokens}).
 *
 * <pre>
 * ./mvnw -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -Xmx512m -cp "target/test-classes:target/classes:$(cat target/bench.cp)" org.evidencevault.evidence.EvidenceTransferBench 1024 3
 * </pre>
 */
public final class EvidenceTransferBench {

    private EvidenceTransferBench() {
    }

    /** MB/s of one upload and one download of {@code file} through the vault's port. */
    private static double[] overHttp(ConfigurableApplicationContext vault, IncidentId incident, Path file, long size) throws Exception {
        String base = "http://127.0.0.1:" + vault.getEnvironment().getProperty("local.server.port") + "/api/v1";
        String auth = "Bearer " + org.evidencevault.security.FreshPasskeyTokens.of(vault, "officer");
        var client = java.net.http.HttpClient.newHttpClient();
        var registered = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/incidents/" + incident.value() + "/evidence"))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"kind\":\"DEVICE_BACKUP\",\"mediaType\":\"application/octet-stream\",\"size\":" + size + "}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        String id = registered.body().replaceAll("(?s).*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        long t0 = System.nanoTime();
        var sent = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/evidence/" + id + "/content"))
                .header("Authorization", auth).header("Content-Type", "application/offset+octet-stream").header("Upload-Offset", "0")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofFile(file)).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        double upload = size / 1e6 / ((System.nanoTime() - t0) / 1e9);
        if (sent.statusCode() != 204) {
            throw new IllegalStateException("upload answered " + sent.statusCode());
        }
        long t1 = System.nanoTime();
        var got = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/evidence/" + id + "/content"))
                .header("Authorization", auth).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        long read;
        try (InputStream in = got.body()) {
            read = in.transferTo(OutputStream.nullOutputStream());
        }
        double download = size / 1e6 / ((System.nanoTime() - t1) / 1e9);
        if (got.statusCode() != 200 || read != size) {
            throw new IllegalStateException("download answered " + got.statusCode() + " with " + read + " of " + size + " bytes");
        }
        return new double[] {upload, download};
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path work = Files.createTempDirectory(Path.of("target"), "transfer-bench");
        Path file = work.resolve("file.bin");
        byte[] block = new byte[1 << 20];
        new Random(1).nextBytes(block);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < mib; i++) {
                out.write(block);
            }
        }
        long size = Files.size(file);
        ConfigurableApplicationContext vault = new SpringApplicationBuilder(EvidenceVaultApplication.class).profiles("demo")
                .run("--vault.store.data-dir=" + work.resolve("data"), "--vault.keys.path=keys-example/vault-keys.json", "--server.port=0",
                        "--logging.level.root=warn", "--vault.integrity.sweep-enabled=false");
        try {
            EvidenceService evidence = vault.getBean(EvidenceService.class);
            Actor officer = new Actor("officer", Set.of(Role.PROTECTION_OFFICER), Set.of(DemoTeams.GENEVA), Set.of(), Instant.now());
            IncidentId incident = vault.getBean(IncidentService.class).list(officer, null, 0, 1).items().get(0).id();
            System.out.printf("# %d MiB, %d cores, %s%n", mib, Runtime.getRuntime().availableProcessors(), Instant.now());
            for (int r = 1; r <= rounds; r++) {
                long t0 = System.nanoTime();
                Files.copy(file, work.resolve("copy.bin"), StandardCopyOption.REPLACE_EXISTING);
                try (var ch = java.nio.channels.FileChannel.open(work.resolve("copy.bin"), java.nio.file.StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                double copy = size / 1e6 / ((System.nanoTime() - t0) / 1e9);
                Files.delete(work.resolve("copy.bin"));

                officer = new Actor("officer", Set.of(Role.PROTECTION_OFFICER), Set.of(DemoTeams.GENEVA), Set.of(), Instant.now());
                EvidenceItem item = evidence.register(officer, incident, new EvidenceItem.Details(EvidenceKind.DEVICE_BACKUP,
                        "application/octet-stream", size, null, null, null, null, null, null, null, null, null, null, null), null);
                long t1 = System.nanoTime();
                try (InputStream in = Files.newInputStream(file)) {
                    evidence.append(officer, item.id(), 0, in, null);
                }
                double upload = size / 1e6 / ((System.nanoTime() - t1) / 1e9);
                long t2 = System.nanoTime();
                evidence.download(officer, item.id()).body().writeTo(OutputStream.nullOutputStream());
                double download = size / 1e6 / ((System.nanoTime() - t2) / 1e9);
                double[] http = overHttp(vault, incident, file, size);
                System.out.printf("round %d: copy+fsync %.0f MB/s | service: intake %.0f, download %.0f MB/s | HTTP: upload %.0f,"
                        + " download %.0f MB/s%n", r, copy, upload, download, http[0], http[1]);
            }
        } finally {
            vault.close();
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}

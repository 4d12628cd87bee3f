package org.evidencevault.evidence;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import org.evidencevault.EvidenceVaultApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Child process of {@link EvidenceBoundedHeapTest}: the whole vault (demo profile: demo accounts and the seed case)
 * on a data directory, on a random port, under whatever {@code -Xmx} the parent gave it. Prints {@code STARTED <port>};
 * then, for each line {@code RESET} on stdin, resets the heap pools' peaks, and for each {@code PEAK}, prints
 * {@code PEAK <bytes>}: the sum of the heap pools' peak use since the last reset.
 */
public final class BoundedHeapChild {

    public static void main(String[] args) throws Exception {
        ConfigurableApplicationContext vault = new SpringApplicationBuilder(EvidenceVaultApplication.class)
                .profiles("demo", "test")
                .run("--vault.store.data-dir=" + args[0], "--vault.keys.path=keys-example/vault-keys.json", "--server.port=0",
                        "--vault.store.min-free-space=0", "--logging.level.root=warn", "--vault.integrity.sweep-enabled=false");
        int port = ((WebServerApplicationContext) vault).getWebServer().getPort();
        System.out.println("STARTED " + port);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("RESET")) {
                System.gc();
                heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
                System.out.println("RESET");
            } else if (line.equals("PEAK")) {
                System.out.println("PEAK " + heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum());
            }
            System.out.flush();
        }
        vault.close();
    }

    private static java.util.List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }
}

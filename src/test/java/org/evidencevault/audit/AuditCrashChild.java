package org.evidencevault.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.evidencevault.EvidenceVaultApplication;
import org.evidencevault.common.Actor;
import org.evidencevault.incidents.Defender;
import org.evidencevault.incidents.Incident;
import org.evidencevault.incidents.IncidentService;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Child process for {@link AuditCrashTest}: a whole vault (profile "test") on a data directory, driven to
 * the three crash points at once, then killed by the parent with SIGKILL.
 *
 * <p>Test-only instrumentation, no production hook: the vault's {@link MongoDatabase} bean is wrapped so
 * that the version-conditional replacement the {@link StateApplier} makes for two chosen incidents stalls
 * forever, either before it reaches the store (crash point a: entry durable, change not applied) or right
 * after the store acknowledged it (crash point b: change applied, caller not yet answered). It prints
 * {@code RECORDED <id> <version>} / {@code APPLIED <id> <version>} when it stalls. Meanwhile
 * {@code threads} threads revise their own incidents in a loop and print {@code ACK <id> <version>} after
 * each acknowledged revision (crash point c: the kill lands in the middle of concurrent group commits).
 */
public final class AuditCrashChild {

    static final String TITLE_A = "Crash point a: recorded, not applied";
    static final String TITLE_B = "Crash point b: applied, not answered";

    private static final Set<String> STALL_BEFORE_APPLY = ConcurrentHashMap.newKeySet();
    private static final Set<String> STALL_AFTER_APPLY = ConcurrentHashMap.newKeySet();

    private AuditCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path keys = Path.of(args[1]);
        int threads = Integer.parseInt(args[2]);
        ConfigurableApplicationContext vault = new SpringApplicationBuilder(EvidenceVaultApplication.class)
                .profiles("test")
                .initializers(ctx -> ctx.getBeanFactory().addBeanPostProcessor(new StallingStore()))
                .run("--vault.store.data-dir=" + data, "--vault.keys.path=" + keys, "--server.port=0");
        IncidentService incidents = vault.getBean(IncidentService.class);
        Defender defender = VaultFixtures.defender(vault, "Crash Child Defender");
        Incident a = register(incidents, defender, "a");
        Incident b = register(incidents, defender, "b");
        List<Incident> load = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            load.add(register(incidents, defender, "load-" + i));
        }
        say("INCIDENT a " + a.id());
        say("INCIDENT b " + b.id());
        load.forEach(i -> say("INCIDENT load " + i.id()));

        for (Incident incident : load) {
            Thread t = new Thread(() -> {
                long version = 1;
                while (true) {
                    Incident next = incidents.revise(Actor.SYSTEM, incident.id(), version,
                            VaultFixtures.details(defender.id(), "load title " + (version + 1), "load notes " + (version + 1)));
                    version = next.version();
                    say("ACK " + incident.id() + " " + version);
                }
            }, "load-" + incident.id());
            t.start();
        }
        STALL_BEFORE_APPLY.add(a.id().value());
        STALL_AFTER_APPLY.add(b.id().value());
        new Thread(() -> incidents.revise(Actor.SYSTEM, a.id(), 1,
                VaultFixtures.details(defender.id(), TITLE_A, "notes a"))).start();
        new Thread(() -> incidents.revise(Actor.SYSTEM, b.id(), 1,
                VaultFixtures.details(defender.id(), TITLE_B, "notes b"))).start();
        Thread.sleep(Long.MAX_VALUE);
    }

    private static Incident register(IncidentService incidents, Defender defender, String label) {
        return incidents.register(org.evidencevault.support.TestActors.SEED, VaultFixtures.details(defender.id(), "title " + label, "notes " + label));
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static Object stallForever(String line) {
        say(line);
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException ignored) {
                // keep stalling until killed
            }
        }
    }

    /** Wraps every {@link MongoDatabase} bean so collection replacements can be stalled. */
    private static final class StallingStore implements BeanPostProcessor {
        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (bean instanceof MongoDatabase db) {
                return proxy(MongoDatabase.class, db, (target, method, args) -> {
                    Object result = invoke(target, method, args);
                    if (method.getName().equals("getCollection") && args != null && args.length == 1 && result instanceof MongoCollection<?> c) {
                        return proxy(MongoCollection.class, c, StallingStore::collectionCall);
                    }
                    return result;
                });
            }
            return bean;
        }

        private static Object collectionCall(Object target, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("replaceOne") && args != null && args.length == 2 && args[1] instanceof Document doc) {
                String id = String.valueOf(doc.get("_id"));
                if (STALL_BEFORE_APPLY.contains(id)) {
                    return stallForever("RECORDED " + id + " " + doc.get("version"));
                }
                if (STALL_AFTER_APPLY.contains(id)) {
                    invoke(target, method, args);
                    return stallForever("APPLIED " + id + " " + doc.get("version"));
                }
            }
            return invoke(target, method, args);
        }

        private interface Call {
            Object on(Object target, Method method, Object[] args) throws Throwable;
        }

        private static <T> T proxy(Class<T> type, Object target, Call call) {
            InvocationHandler h = (p, method, args) -> call.on(target, method, args);
            return type.cast(Proxy.newProxyInstance(AuditCrashChild.class.getClassLoader(), new Class<?>[] {type}, h));
        }

        private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}

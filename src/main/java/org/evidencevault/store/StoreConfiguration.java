package org.evidencevault.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandFailedEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.mongodb.MongoMetricsCommandListener;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the store. With a URI: that MongoDB, majority/journaled writes. Without: the embedded store.
 * Either way store calls have bounded timeouts ({@code vault.store.timeout}, {@code socket-timeout}) unless
 * the URI sets its own, so an unreachable store fails a request in seconds, not after the driver's 30 s.
 *
 * <p>Every command the driver sends is timed ({@code mongodb.driver.commands}, Micrometer's command listener), tagged
 * with the command's name ({@code find}, {@code insert}, ...) and {@code status=SUCCESS|FAILED} only: not the
 * collection, the server's address or the client's cluster id, which would make new series at every start.
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StoreConfiguration.class);

    @Bean(destroyMethod = "close")
    StoreHandle storeHandle(StoreProperties props, @Value("${spring.mongodb.uri:}") String uri, MeterRegistry meters) {
        MongoMetricsCommandListener commands = commandTimer(meters);
        if (uri != null && !uri.isBlank()) {
            ConnectionString cs = new ConnectionString(uri);
            MongoClient client = MongoClients.create(settings(cs, props).addCommandListener(commands)
                    .writeConcern(cs.getWriteConcern() != null ? cs.getWriteConcern()
                            : WriteConcern.MAJORITY.withJournal(true).withWTimeout(props.socketTimeout().toMillis(), TimeUnit.MILLISECONDS))
                    .readConcern(cs.getReadConcern() != null ? cs.getReadConcern() : ReadConcern.MAJORITY)
                    .build());
            String db = cs.getDatabase() != null ? cs.getDatabase() : props.database();
            log.info("store: MongoDB at {} (database {})", cs.getHosts(), db);
            return new StoreHandle(client, client.getDatabase(db), null);
        }
        EmbeddedStore embedded = EmbeddedStore.start(props.dataDir(), props.embeddedPort(), props.fsync(),
                props.minFreeSpace().toBytes(), props.compaction().settings());
        // The driver's heartbeat reads with the connect timeout; the embedded server answers it on the event loop that
        // also runs other connections' commands, which can wait for the store's lock (a long scan, a backup's copy).
        // A heartbeat that waited 1.5 s would mark the store unreachable and fail every request meanwhile. The
        // embedded store is in this process on 127.0.0.1: when it is down, connecting is refused at once, so its
        // heartbeat may wait as long as a reply may.
        MongoClient client = MongoClients.create(settings(new ConnectionString(embedded.connectionString()), props)
                .applyToSocketSettings(s -> s.connectTimeout((int) props.socketTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .addCommandListener(commands).build());
        log.info("store: embedded (H2 file under {}, 127.0.0.1:{}, fsync={}, free-space floor {})",
                props.dataDir().toAbsolutePath(), embedded.port(), props.fsync(), props.minFreeSpace());
        return new StoreHandle(client, client.getDatabase(props.database()), embedded);
    }

    /** Times store commands by name and outcome: fixed words from the driver, never a value from a document. */
    static MongoMetricsCommandListener commandTimer(MeterRegistry meters) {
        return new MongoMetricsCommandListener(meters, event -> Tags.of("command", event.getCommandName(),
                "status", event instanceof CommandFailedEvent ? "FAILED" : "SUCCESS"));
    }

    /** The URI's settings, with the vault's bounded timeouts where the URI sets none. */
    static MongoClientSettings.Builder settings(ConnectionString cs, StoreProperties props) {
        int timeout = (int) props.timeout().toMillis();
        int socket = (int) props.socketTimeout().toMillis();
        return MongoClientSettings.builder()
                .applyConnectionString(cs)
                .applyToClusterSettings(c -> {
                    if (cs.getServerSelectionTimeout() == null) {
                        c.serverSelectionTimeout(timeout, TimeUnit.MILLISECONDS);
                    }
                })
                .applyToSocketSettings(s -> {
                    if (cs.getConnectTimeout() == null) {
                        s.connectTimeout(timeout, TimeUnit.MILLISECONDS);
                    }
                    if (cs.getSocketTimeout() == null) {
                        s.readTimeout(socket, TimeUnit.MILLISECONDS);
                    }
                })
                .applyToServerSettings(s -> s.heartbeatFrequency(Math.max(500, timeout / 2), TimeUnit.MILLISECONDS)
                        .minHeartbeatFrequency(250, TimeUnit.MILLISECONDS))
                .applyToConnectionPoolSettings(p -> p.maxWaitTime(timeout, TimeUnit.MILLISECONDS));
    }

    @Bean
    MongoDatabase vaultDatabase(StoreHandle handle) {
        return handle.database();
    }

    @Bean
    @ConditionalOnMissingBean
    HostClock hostClock() {
        return HostClock.system();
    }

    /** The vault's clock: the store's time (see {@link StoreTime}), measured before anything else uses it. */
    @Bean
    StoreTime clock(HostClock host, MongoDatabase db, @Value("${vault.time.warn-skew:2s}") java.time.Duration warnSkew) {
        StoreTime time = new StoreTime(host, db, warnSkew);
        StoreTime.Offset o = time.measure();
        log.info("clock: store time, host offset {} ms (round trip {} ms)", o.offsetMillis(), o.roundTripMillis());
        return time;
    }

    @Bean
    StoreTimeHealthIndicator clockHealthIndicator(StoreTime time) {
        return new StoreTimeHealthIndicator(time);
    }

    @Bean
    StoreHealthIndicator storeHealthIndicator(StoreHandle handle) {
        return new StoreHealthIndicator(handle);
    }
}

package org.evidencevault.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the store. With a URI: that MongoDB, majority/journaled writes. Without: the embedded store.
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StoreConfiguration.class);

    @Bean(destroyMethod = "close")
    StoreHandle storeHandle(StoreProperties props, @Value("${spring.mongodb.uri:}") String uri) {
        if (uri != null && !uri.isBlank()) {
            ConnectionString cs = new ConnectionString(uri);
            MongoClient client = MongoClients.create(MongoClientSettings.builder()
                    .applyConnectionString(cs)
                    .writeConcern(cs.getWriteConcern() != null ? cs.getWriteConcern()
                            : WriteConcern.MAJORITY.withJournal(true).withWTimeout(10, TimeUnit.SECONDS))
                    .readConcern(cs.getReadConcern() != null ? cs.getReadConcern() : ReadConcern.MAJORITY)
                    .build());
            String db = cs.getDatabase() != null ? cs.getDatabase() : props.database();
            log.info("store: MongoDB at {} (database {})", cs.getHosts(), db);
            return new StoreHandle(client, client.getDatabase(db), null);
        }
        EmbeddedStore embedded = EmbeddedStore.start(props.dataDir(), props.embeddedPort(), props.fsync());
        MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(embedded.connectionString()))
                .build());
        log.info("store: embedded (H2 file under {}, 127.0.0.1:{}, fsync={})",
                props.dataDir().toAbsolutePath(), embedded.port(), props.fsync());
        return new StoreHandle(client, client.getDatabase(props.database()), embedded);
    }

    @Bean
    MongoDatabase vaultDatabase(StoreHandle handle) {
        return handle.database();
    }

    @Bean
    StoreHealthIndicator storeHealthIndicator(ObjectProvider<StoreHandle> handle) {
        return new StoreHealthIndicator(handle.getObject());
    }
}

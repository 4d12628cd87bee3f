package org.evidencevault.evidence;

import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import org.evidencevault.store.StoreHandle;
import org.evidencevault.store.StoreProperties;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The blob store: with the embedded store, encrypted files under the data directory; with a real MongoDB, GridFS in
 * the same database, so that stateless instances share the files and the replica set replicates them.
 */
@Configuration(proxyBeanMethods = false)
class EvidenceConfiguration {

    @Bean
    BlobStore blobStore(EvidenceProperties props, StoreProperties store, StoreHandle handle, MongoDatabase db) throws IOException {
        if (handle.isEmbedded()) {
            java.nio.file.Path dir = props.blobDir() != null ? props.blobDir() : store.dataDir().resolve("evidence");
            LoggerFactory.getLogger(EvidenceConfiguration.class).info("evidence blobs: files under {}", dir.toAbsolutePath());
            return new FileBlobStore(dir);
        }
        GridFsBlobStore gridFs = new GridFsBlobStore(db);
        gridFs.ensureIndexes();
        LoggerFactory.getLogger(EvidenceConfiguration.class).info("evidence blobs: GridFS bucket 'evidence' of the store");
        return gridFs;
    }
}

package org.evidencevault.evidence;

import java.io.IOException;
import org.evidencevault.store.StoreProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The blob store: encrypted files under the data directory (the embedded store's default). */
@Configuration(proxyBeanMethods = false)
class EvidenceConfiguration {

    @Bean
    BlobStore blobStore(EvidenceProperties props, StoreProperties store) throws IOException {
        return new FileBlobStore(props.blobDir() != null ? props.blobDir() : store.dataDir().resolve("evidence"));
    }
}

package org.evidencevault.crypto;

import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/** Loads the key ring (refusing demo keys outside the demo profile) and wires sealing and blind indexes. */
@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CryptoConfiguration.class);

    @Bean
    KeyRing keyRing(KeysProperties props, Environment env) {
        KeyRing ring = KeySetFile.load(props.path());
        boolean demoProfile = env.acceptsProfiles(Profiles.of("demo"));
        if (ring.isDemo() && !demoProfile) {
            throw new KeyRingException("refusing to start: " + props.path()
                    + " holds the published example keys, which are only allowed with the 'demo' profile."
                    + " Generate real keys with 'java -jar evidence-vault.jar keygen --out <dir>'.");
        }
        if (ring.isDemo()) {
            log.warn("DEMO KEYS in use ({}): anything stored here is readable by anyone with the source code", props.path());
        }
        log.info("key ring loaded: {}", ring);
        return ring;
    }

    @Bean
    DataKeys dataKeys(MongoDatabase db, KeyRing ring, Clock clock) {
        return new DataKeys(db.getCollection("data_keys"), ring, clock);
    }

    @Bean
    Sealer sealer(DataKeys dataKeys) {
        return new Sealer(dataKeys);
    }

    @Bean
    FileCipher fileCipher(DataKeys dataKeys) {
        return new FileCipher(dataKeys);
    }

    @Bean
    BlindIndex blindIndex(KeyRing ring) {
        return new BlindIndex(ring);
    }

    @Bean
    KeyRingHealthIndicator keyRingHealthIndicator(KeyRing ring, DataKeys dataKeys) {
        return new KeyRingHealthIndicator(ring, dataKeys);
    }
}

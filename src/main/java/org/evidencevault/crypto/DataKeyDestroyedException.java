package org.evidencevault.crypto;

import java.time.Instant;

/** The data key of a record was destroyed (crypto-shredding): its sealed data is gone for good. */
public class DataKeyDestroyedException extends CryptoFailureException {
    private final Instant destroyedAt;

    public DataKeyDestroyedException(String dataKeyId, Instant destroyedAt) {
        super("data key " + dataKeyId + " was destroyed");
        this.destroyedAt = destroyedAt;
    }

    public Instant destroyedAt() {
        return destroyedAt;
    }
}

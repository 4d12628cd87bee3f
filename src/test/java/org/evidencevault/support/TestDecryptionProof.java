package org.evidencevault.support;

import org.evidencevault.crypto.DecryptionProof;

/**
 * A {@link DecryptionProof} for tests and benchmarks that open sealed data directly with
 * {@link org.evidencevault.crypto.FieldSealer#open} rather than inside an audited read: it is always active.
 */
public final class TestDecryptionProof extends DecryptionProof {

    public static final TestDecryptionProof ALWAYS = new TestDecryptionProof();

    private TestDecryptionProof() {
    }

    @Override
    public void requireActive() {
        // always active: the caller is a test, not a request
    }
}

package org.evidencevault.ledger;

/**
 * JSON that has no canonical form under {@link CanonicalJson}: not strict JSON, a duplicate key, a lone
 * surrogate, or a number other than an integer within ±(2^53−1). Messages give the place and the rule broken;
 * they never quote string values.
 */
public class CanonicalJsonException extends IllegalArgumentException {
    public CanonicalJsonException(String message) {
        super(message);
    }
}

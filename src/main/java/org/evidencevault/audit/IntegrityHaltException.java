package org.evidencevault.audit;

/**
 * The vault found its store inconsistent with its log and stopped: changes (and, when the log itself
 * is in doubt, every audited operation) are refused until an operator has looked. Maps to 503 naming
 * the alarm; the text holds ids, numbers and fixed words only.
 */
public class IntegrityHaltException extends RuntimeException {

    public IntegrityHaltException(String reason) {
        super(reason);
    }
}

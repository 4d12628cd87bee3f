package org.evidencevault.ledger;

/**
 * A key rotation recorded in the log: a {@code KEY} entry with action {@value #ACTION}, exactly one target
 * {@code {type: "signing-key", id: <new keyId>}} and the commitment {@link AuditPublicKey#commitment()} of the
 * new key. Signed by a trusted key, it makes the new key trusted from the next entry on.
 */
public record KeyRotation(String newKeyId, String commitment) {

    public static final String ACTION = "audit.signing-key-rotated";
    public static final String TARGET_TYPE = "signing-key";

    /**
     * The rotation {@code entry} records, or {@code null} if its action is not {@value #ACTION}.
     *
     * @throws IllegalArgumentException if the action is, but the entry is not shaped like a rotation
     */
    public static KeyRotation of(AuditEntry entry) {
        if (!ACTION.equals(entry.action())) {
            return null;
        }
        if (!"KEY".equals(entry.kind()) || entry.targets().size() != 1
                || !TARGET_TYPE.equals(entry.targets().get(0).type()) || entry.commitment() == null) {
            throw new IllegalArgumentException("a key rotation needs kind KEY, exactly one " + TARGET_TYPE
                    + " target and a commitment");
        }
        return new KeyRotation(entry.targets().get(0).id(), entry.commitment());
    }
}

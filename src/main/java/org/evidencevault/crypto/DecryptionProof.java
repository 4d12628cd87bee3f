package org.evidencevault.crypto;

/**
 * What {@link FieldSealer#open} demands before it decrypts anything: proof that the read was recorded in
 * the audit log first, as tink's {@code SecretBytes.toByteArray(SecretKeyAccess)} demands an access token.
 * The only implementation is {@code audit.AuditedRead}, which only the audit seam can make and which
 * expires when the audited read ends (ArchitectureTest holds both rules).
 */
public abstract class DecryptionProof {

    protected DecryptionProof() {
    }

    /** Returns normally while the audited read this proof stands for is under way; throws otherwise. */
    public abstract void requireActive();
}

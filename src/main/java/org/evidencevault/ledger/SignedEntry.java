package org.evidencevault.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One element of a bundle's {@code entries}: an entry's canonical JSON bytes exactly as exported (whether they
 * really are a canonical entry is for {@link BundleVerifier} to find out) and its 64-byte Ed25519 signature
 * over {@link AuditEntry#signedMessage(byte[])}.
 */
public record SignedEntry(byte[] entry, byte[] signature) {

    /** Ed25519 signatures are 64 bytes. */
    public static final int SIGNATURE_BYTES = SignatureType.ED25519.signatureBytes();

    public SignedEntry {
        if (entry == null || entry.length == 0 || entry.length > AuditBundle.MAX_ENTRY_BYTES) {
            throw new IllegalArgumentException("an entry is 1 to " + AuditBundle.MAX_ENTRY_BYTES + " bytes");
        }
        if (signature == null || signature.length != SIGNATURE_BYTES) {
            throw new IllegalArgumentException("an entry signature is " + SIGNATURE_BYTES + " bytes");
        }
        if (!isUtf8(entry)) {
            throw new IllegalArgumentException("an entry is UTF-8 text, as a JSON string can only carry that");
        }
        entry = entry.clone();
        signature = signature.clone();
    }

    /** The entry and signature of an entry known to be well formed. */
    public static SignedEntry of(AuditEntry entry, byte[] signature) {
        return new SignedEntry(entry.canonicalBytes(), signature);
    }

    @Override
    public byte[] entry() {
        return entry.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The entry bytes as the JSON string the bundle stores them in. */
    public String entryText() {
        return new String(entry, StandardCharsets.UTF_8);
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedEntry e && Arrays.equals(entry, e.entry) && Arrays.equals(signature, e.signature);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(entry) * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "SignedEntry[" + entryText() + "]";
    }
}

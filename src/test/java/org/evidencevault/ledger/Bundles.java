package org.evidencevault.ledger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Test helpers: a bundle with one part replaced, and entries with one character changed. */
public final class Bundles {

    private Bundles() {
    }

    public static AuditBundle withEntries(AuditBundle b, List<SignedEntry> entries) {
        return new AuditBundle(b.origin(), b.scope(), b.keys(), entries, b.checkpoints(), b.consistencyProofs(),
                b.inclusionProofs());
    }

    public static AuditBundle editEntries(AuditBundle b, Consumer<List<SignedEntry>> edit) {
        List<SignedEntry> entries = new ArrayList<>(b.entries());
        edit.accept(entries);
        return withEntries(b, entries);
    }

    public static AuditBundle withScope(AuditBundle b, BundleScope scope) {
        return new AuditBundle(b.origin(), scope, b.keys(), b.entries(), b.checkpoints(), b.consistencyProofs(),
                b.inclusionProofs());
    }

    public static AuditBundle withKeys(AuditBundle b, List<AuditPublicKey> keys) {
        return new AuditBundle(b.origin(), b.scope(), keys, b.entries(), b.checkpoints(), b.consistencyProofs(),
                b.inclusionProofs());
    }

    public static AuditBundle withCheckpoints(AuditBundle b, List<String> checkpoints) {
        return new AuditBundle(b.origin(), b.scope(), b.keys(), b.entries(), checkpoints, b.consistencyProofs(),
                b.inclusionProofs());
    }

    public static AuditBundle withConsistencyProofs(AuditBundle b, List<ConsistencyProof> proofs) {
        return new AuditBundle(b.origin(), b.scope(), b.keys(), b.entries(), b.checkpoints(), proofs,
                b.inclusionProofs());
    }

    public static AuditBundle withInclusionProofs(AuditBundle b, List<InclusionProof> proofs) {
        return new AuditBundle(b.origin(), b.scope(), b.keys(), b.entries(), b.checkpoints(), b.consistencyProofs(),
                proofs);
    }

    /**
     * {@code entry} with the first occurrence of {@code "member":"before} in its JSON text changed to
     * {@code "member":"after}, signature kept; fails if the text is not there.
     */
    public static SignedEntry changeMember(SignedEntry entry, String member, String before, String after) {
        return replaceText(entry, "\"" + member + "\":" + before, "\"" + member + "\":" + after);
    }

    public static SignedEntry replaceText(SignedEntry entry, String before, String after) {
        String text = entry.entryText();
        int at = text.indexOf(before);
        if (at < 0) {
            throw new IllegalArgumentException("'" + before + "' is not in " + text);
        }
        String changed = text.substring(0, at) + after + text.substring(at + before.length());
        return new SignedEntry(changed.getBytes(StandardCharsets.UTF_8), entry.signature());
    }

    /** {@code bytes} with one byte changed (XOR 0x01) at {@code index}. */
    public static byte[] flip(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[index] ^= 0x01;
        return copy;
    }
}

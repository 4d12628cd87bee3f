package org.evidencevault.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * The elements of a bundle, each read strictly by {@link JsonTokenReader}: exactly the listed members, all
 * required. A reader is called positioned on the element's first token.
 */
final class BundleElementReader {

    private BundleElementReader() {
    }

    static BundleScope scope(JsonTokenReader in) throws MalformedBundleException {
        in.startObject("scope");
        String kind = null;
        Long from = null;
        Long to = null;
        String incidentId = null;
        for (String name = in.nextMember(); name != null; name = in.nextMember()) {
            switch (name) {
                case "kind" -> kind = in.string("scope.kind", 20);
                case "from" -> from = in.integer("scope.from");
                case "to" -> to = in.integer("scope.to");
                case "incidentId" -> incidentId = in.string("scope.incidentId", 200);
                default -> throw unknown("scope", name);
            }
        }
        try {
            if ("range".equals(kind) && from != null && to != null && incidentId == null) {
                return new BundleScope.Range(from, to);
            }
            if ("incident".equals(kind) && incidentId != null && from == null && to == null) {
                return new BundleScope.Incident(incidentId);
            }
        } catch (IllegalArgumentException e) {
            throw new MalformedBundleException("scope: " + e.getMessage());
        }
        throw new MalformedBundleException("scope must be {\"kind\": \"range\", \"from\", \"to\"} or "
                + "{\"kind\": \"incident\", \"incidentId\"}");
    }

    static AuditPublicKey key(JsonTokenReader in, String path) throws MalformedBundleException {
        in.requireObject(path);
        String keyId = null;
        byte[] ed25519 = null;
        byte[] mlDsa65 = null;
        for (String name = in.nextMember(); name != null; name = in.nextMember()) {
            switch (name) {
                case "keyId" -> keyId = in.string(path + ".keyId", AuditPublicKey.MAX_KEY_ID_CHARS);
                case "ed25519" -> ed25519 = in.base64(path + ".ed25519", SignatureType.ED25519.publicKeyBytes());
                case "mlDsa65" -> mlDsa65 = in.base64(path + ".mlDsa65", SignatureType.ML_DSA_65.publicKeyBytes());
                default -> throw unknown(path, name);
            }
        }
        require(path, "keyId", keyId);
        require(path, "ed25519", ed25519);
        require(path, "mlDsa65", mlDsa65);
        try {
            return new AuditPublicKey(keyId, ed25519, mlDsa65);
        } catch (IllegalArgumentException e) {
            throw new MalformedBundleException(path + ": " + e.getMessage());
        }
    }

    static SignedEntry entry(JsonTokenReader in, String path) throws MalformedBundleException {
        in.requireObject(path);
        byte[] entry = null;
        byte[] signature = null;
        for (String name = in.nextMember(); name != null; name = in.nextMember()) {
            switch (name) {
                case "entry" -> entry = JsonTokenReader.utf8(in.string(path + ".entry", AuditBundle.MAX_ENTRY_BYTES),
                        path + ".entry");
                case "signature" -> signature = in.base64(path + ".signature", SignedEntry.SIGNATURE_BYTES);
                default -> throw unknown(path, name);
            }
        }
        require(path, "entry", entry);
        require(path, "signature", signature);
        if (entry.length > AuditBundle.MAX_ENTRY_BYTES) {
            throw new MalformedBundleException(path + ".entry is more than " + AuditBundle.MAX_ENTRY_BYTES + " bytes");
        }
        return new SignedEntry(entry, signature);
    }

    static String checkpoint(JsonTokenReader in, String path) throws MalformedBundleException {
        String note = in.currentString(path, SignedNote.MAX_NOTE_BYTES);
        if (JsonTokenReader.utf8(note, path).length > SignedNote.MAX_NOTE_BYTES) {
            throw new MalformedBundleException(path + " is more than " + SignedNote.MAX_NOTE_BYTES + " bytes");
        }
        return note;
    }

    static ConsistencyProof consistencyProof(JsonTokenReader in, String path) throws MalformedBundleException {
        in.requireObject(path);
        Long fromSize = null;
        Long toSize = null;
        List<byte[]> proof = null;
        for (String name = in.nextMember(); name != null; name = in.nextMember()) {
            switch (name) {
                case "fromSize" -> fromSize = in.integer(path + ".fromSize");
                case "toSize" -> toSize = in.integer(path + ".toSize");
                case "proof" -> proof = hashes(in, path + ".proof");
                default -> throw unknown(path, name);
            }
        }
        require(path, "fromSize", fromSize);
        require(path, "toSize", toSize);
        require(path, "proof", proof);
        try {
            return new ConsistencyProof(fromSize, toSize, proof);
        } catch (IllegalArgumentException e) {
            throw new MalformedBundleException(path + ": " + e.getMessage());
        }
    }

    static CheckpointTimestamp timestamp(JsonTokenReader in, String path) throws MalformedBundleException {
        in.requireObject(path);
        Long size = null;
        byte[] token = null;
        for (String name = in.nextMember(); name != null; name = in.nextMember()) {
            switch (name) {
                case "size" -> size = in.integer(path + ".size");
                case "token" -> {
                    String text = in.string(path + ".token", (CheckpointTimestamp.MAX_TOKEN_BYTES + 2) / 3 * 4);
                    token = CanonicalBase64.decodeOrNull(text);
                    if (token == null || token.length == 0) {
                        throw new MalformedBundleException(path + ".token must be canonical base64 of 1 to "
                                + CheckpointTimestamp.MAX_TOKEN_BYTES + " bytes");
                    }
                }
                default -> throw unknown(path, name);
            }
        }
        require(path, "size", size);
        require(path, "token", token);
        try {
            return new CheckpointTimestamp(size, token);
        } catch (IllegalArgumentException e) {
            throw new MalformedBundleException(path + ": " + e.getMessage());
        }
    }

    static InclusionProof inclusionProof(JsonTokenReader in, String path) throws MalformedBundleException {
        in.requireObject(path);
        Long seq = null;
        Long treeSize = null;
        List<byte[]> proof = null;
        for (String name = in.nextMember(); name != null; name = in.nextMember()) {
            switch (name) {
                case "seq" -> seq = in.integer(path + ".seq");
                case "treeSize" -> treeSize = in.integer(path + ".treeSize");
                case "proof" -> proof = hashes(in, path + ".proof");
                default -> throw unknown(path, name);
            }
        }
        require(path, "seq", seq);
        require(path, "treeSize", treeSize);
        require(path, "proof", proof);
        try {
            return new InclusionProof(seq, treeSize, proof);
        } catch (IllegalArgumentException e) {
            throw new MalformedBundleException(path + ": " + e.getMessage());
        }
    }

    private static List<byte[]> hashes(JsonTokenReader in, String path) throws MalformedBundleException {
        in.startArray(path);
        List<byte[]> hashes = new ArrayList<>();
        while (in.nextElement()) {
            if (hashes.size() == AuditBundle.MAX_PROOF_HASHES) {
                throw new MalformedBundleException(path + " holds more than the " + AuditBundle.MAX_PROOF_HASHES
                        + " hashes accepted");
            }
            hashes.add(in.currentBase64(path + "[" + hashes.size() + "]", MerkleTree.HASH_BYTES));
        }
        return hashes;
    }

    private static void require(String path, String member, Object value) throws MalformedBundleException {
        if (value == null) {
            throw new MalformedBundleException(path + " has no '" + member + "' member");
        }
    }

    private static MalformedBundleException unknown(String path, String name) {
        return new MalformedBundleException(path + " has an unknown member '" + name + "'");
    }
}

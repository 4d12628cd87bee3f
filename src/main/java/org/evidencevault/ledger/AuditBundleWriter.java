package org.evidencevault.ledger;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes bundles and key files as UTF-8 JSON, members in the documented order, one array element per line so
 * that a bundle diffs and greps well. What it writes, {@link AuditBundleReader} reads back to an equal value.
 */
final class AuditBundleWriter {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private AuditBundleWriter() {
    }

    static byte[] bundle(AuditBundle bundle) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeBundle(bundle, out);
        return out.toByteArray();
    }

    static void writeBundle(AuditBundle bundle, OutputStream out) {
        try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
            json.writeStartObject();
            json.writeStringProperty("format", bundle.format());
            json.writeStringProperty("origin", bundle.origin());
            json.writeName("scope");
            scope(json, bundle.scope());
            json.writeName("keys");
            json.writeStartArray();
            for (AuditPublicKey key : bundle.keys()) {
                newLine(json);
                key(json, key);
            }
            json.writeEndArray();
            json.writeName("entries");
            json.writeStartArray();
            for (SignedEntry entry : bundle.entries()) {
                newLine(json);
                json.writeStartObject();
                json.writeStringProperty("entry", entry.entryText());
                json.writeStringProperty("signature", CanonicalBase64.encode(entry.signature()));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeName("checkpoints");
            json.writeStartArray();
            for (String note : bundle.checkpoints()) {
                newLine(json);
                json.writeString(note);
            }
            json.writeEndArray();
            json.writeName("consistencyProofs");
            json.writeStartArray();
            for (ConsistencyProof proof : bundle.consistencyProofs()) {
                newLine(json);
                proof(json, "fromSize", proof.fromSize(), "toSize", proof.toSize(), proof.proof());
            }
            json.writeEndArray();
            json.writeName("inclusionProofs");
            json.writeStartArray();
            for (InclusionProof proof : bundle.inclusionProofs()) {
                newLine(json);
                proof(json, "seq", proof.seq(), "treeSize", proof.treeSize(), proof.proof());
            }
            json.writeEndArray();
            if (!bundle.timestamps().isEmpty()) {
                json.writeName("timestamps");
                json.writeStartArray();
                for (CheckpointTimestamp t : bundle.timestamps()) {
                    newLine(json);
                    json.writeStartObject();
                    json.writeNumberProperty("size", t.size());
                    json.writeStringProperty("token", CanonicalBase64.encode(t.token()));
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
            json.writeRaw('\n');
        }
    }

    static byte[] keyFile(AuditPublicKey key) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
            key(json, key);
            json.writeRaw('\n');
        }
        return out.toByteArray();
    }

    private static void scope(JsonGenerator json, BundleScope scope) {
        json.writeStartObject();
        if (scope instanceof BundleScope.Range range) {
            json.writeStringProperty("kind", "range");
            json.writeNumberProperty("from", range.from());
            json.writeNumberProperty("to", range.to());
        } else {
            json.writeStringProperty("kind", "incident");
            json.writeStringProperty("incidentId", ((BundleScope.Incident) scope).incidentId());
        }
        json.writeEndObject();
    }

    private static void key(JsonGenerator json, AuditPublicKey key) {
        json.writeStartObject();
        json.writeStringProperty("keyId", key.keyId());
        json.writeStringProperty("ed25519", CanonicalBase64.encode(key.ed25519()));
        json.writeStringProperty("mlDsa65", CanonicalBase64.encode(key.mlDsa65()));
        json.writeEndObject();
    }

    private static void proof(JsonGenerator json, String first, long firstValue, String second, long secondValue,
                              List<byte[]> hashes) {
        json.writeStartObject();
        json.writeNumberProperty(first, firstValue);
        json.writeNumberProperty(second, secondValue);
        json.writeName("proof");
        json.writeStartArray();
        for (byte[] hash : hashes) {
            json.writeString(CanonicalBase64.encode(hash));
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void newLine(JsonGenerator json) {
        json.writeRaw('\n');
    }
}

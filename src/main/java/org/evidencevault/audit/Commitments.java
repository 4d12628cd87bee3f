package org.evidencevault.audit;

import java.util.HexFormat;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.evidencevault.crypto.Digests;
import com.mongodb.MongoClientSettings;

/**
 * The commitment an entry makes to a change: {@code sha256:<hex>} of the BSON encoding of the stored
 * change. Sensitive fields are in it only as ciphertext under random nonces (the rest is ids, enums,
 * dates, blind indexes and public letter details), so the commitment cannot be confirmed by guessing a name.
 */
final class Commitments {

    private Commitments() {
    }

    static String of(Document payload) {
        return of(bson(payload));
    }

    /** The commitment to a change already encoded ({@link #bson}). */
    static String of(byte[] bson) {
        return "sha256:" + HexFormat.of().formatHex(Digests.sha256(bson));
    }

    /** The BSON bytes a commitment is the SHA-256 of. */
    static byte[] bson(Document payload) {
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            MongoClientSettings.getDefaultCodecRegistry().get(Document.class)
                    .encode(writer, payload, EncoderContext.builder().build());
        }
        return buffer.toByteArray();
    }
}

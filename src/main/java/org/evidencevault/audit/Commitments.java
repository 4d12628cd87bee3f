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
 * change. The change holds only ciphertext (under random nonces), ids and enum values, so the commitment
 * reveals nothing and cannot be confirmed by guessing a name.
 */
final class Commitments {

    private Commitments() {
    }

    static String of(Document payload) {
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            MongoClientSettings.getDefaultCodecRegistry().get(Document.class)
                    .encode(writer, payload, EncoderContext.builder().build());
        }
        return "sha256:" + HexFormat.of().formatHex(Digests.sha256(buffer.toByteArray()));
    }
}

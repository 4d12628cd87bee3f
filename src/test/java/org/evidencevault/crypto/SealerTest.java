package org.evidencevault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unit tests of the envelope, associated data and blind index, on an in-memory key ring. */
class SealerTest {

    @Test
    void envelopeNamesItsDataKeyAndNeverPrintsCiphertext() {
        SealedValue v = new SealedValue(SealedValue.FORMAT_V1, "dk_1", new byte[12], new byte[20]);
        assertThat(v.toString()).isEqualTo("SealedValue[key=dk_1, 20 bytes]");
        assertThat(Sealer.fromDocument(Sealer.toDocument(v))).isEqualTo(v);
    }

    @Test
    void rejectsMalformedEnvelopes() {
        assertThatThrownBy(() -> new SealedValue(2, "dk", new byte[12], new byte[20])).hasMessageContaining("unknown envelope format 2");
        assertThatThrownBy(() -> new SealedValue(1, "dk", new byte[11], new byte[20])).hasMessageContaining("nonce must be 12 bytes");
        assertThatThrownBy(() -> new SealedValue(1, "dk", new byte[12], new byte[15])).hasMessageContaining("shorter than its tag");
        assertThatThrownBy(() -> Sealer.fromDocument(new org.bson.Document("f", 1))).isInstanceOf(CryptoFailureException.class);
    }

    @Test
    void aesGcmOpensOnlyWithTheSameAssociatedData() {
        byte[] key = AesGcm.randomBytes(32);
        byte[] nonce = AesGcm.randomBytes(12);
        byte[] aad = new Aad("defenders", "a", "fullName").bytes();
        byte[] ct = AesGcm.encrypt(key, nonce, "Jane".getBytes(), aad);
        assertThat(new String(AesGcm.decrypt(key, nonce, ct, aad))).isEqualTo("Jane");
        assertThatThrownBy(() -> AesGcm.decrypt(key, nonce, ct, new Aad("defenders", "b", "fullName").bytes()))
                .isInstanceOf(CryptoFailureException.class).hasMessageContaining("authentication failed");
        assertThatThrownBy(() -> AesGcm.decrypt(key, nonce, ct, new Aad("defenders", "a", "role").bytes()))
                .isInstanceOf(CryptoFailureException.class);
        assertThatThrownBy(() -> AesGcm.decrypt(key, nonce, ct, new Aad("incidents", "a", "fullName").bytes()))
                .isInstanceOf(CryptoFailureException.class);
    }

    @Test
    void blindIndexNormalisesAccentsCaseAndSpacesButNotOtherNames(@TempDir Path dir) {
        BlindIndex idx = new BlindIndex(KeySetFile.generate(dir.resolve("k.json"), false));
        String a = idx.of("defender.fullName", "María Luisa Aguilar Rodríguez");
        assertThat(idx.of("defender.fullName", "  maria  luisa AGUILAR rodriguez ")).isEqualTo(a);
        assertThat(idx.of("defender.fullName", "Maria Luisa Aguilar")).isNotEqualTo(a);
        assertThat(idx.of("organisation.name", "María Luisa Aguilar Rodríguez")).as("domain separated").isNotEqualTo(a);
        assertThat(a).hasSize(22).doesNotContain("Mar");
    }

    @Test
    void blindIndexDependsOnTheKey(@TempDir Path dir) {
        BlindIndex one = new BlindIndex(KeySetFile.generate(dir.resolve("1.json"), false));
        BlindIndex two = new BlindIndex(KeySetFile.generate(dir.resolve("2.json"), false));
        assertThat(one.of("d", "Jane Doe")).isNotEqualTo(two.of("d", "Jane Doe"));
    }
}

package org.evidencevault.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Known-answer vectors for what the vault stores for ever: the associated data that binds a sealed field
 * to its place, the associated data of a wrapped data key, the AES-256-GCM envelope itself, and blind
 * index values with their normalisation. A change to any of them would silently break every decryption
 * or every search of an existing store, so each value here is fixed, and was computed independently of
 * this code (Python's hmac, hashlib and cryptography's AESGCM, from the layouts SECURITY.md describes).
 * The blind-index and wrap vectors use the published demo key file.
 */
class PersistedFormatVectorsTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String ID = "7c1e5f3a-2b4d-4e6f-8a9b-0c1d2e3f4a5b";
    private static final KeyRing DEMO = KeySetFile.load(Path.of("keys-example/vault-keys.json"));

    @Test
    void fieldAssociatedDataIsVersionCollectionIdAndFieldJoinedByNul() {
        assertThat(HEX.formatHex(new Aad("incidents", ID, "title").bytes())).isEqualTo(
                "65763100696e636964656e74730037633165356633612d326234642d346536662d386139622d306331643265336634613562007469746c65");
    }

    @Test
    void wrappedKeyAssociatedDataNamesTheKeyAndTheKekVersion() {
        KeyRing.VersionedKey kek = DEMO.activeKek();
        assertThat(HEX.formatHex(DataKeys.wrapAad("dk_00112233445566778899aabbccddeeff", kek))).isEqualTo(
                "6576312d64656b00646b5f3030313132323333343435353636373738383939616162626363646465656666006b656b0031");
    }

    @Test
    void aSealedFieldIsAes256GcmOverTheUtf8TextWithItsAssociatedData() {
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) (i + 1);
        }
        byte[] nonce = new byte[12];
        for (int i = 0; i < 12; i++) {
            nonce[i] = (byte) (0xa0 + i);
        }
        byte[] aad = new Aad("defenders", ID, "fullName").bytes();
        byte[] ct = AesGcm.encrypt(key, nonce, "María Luisa Aguilar Rodríguez".getBytes(StandardCharsets.UTF_8), aad);
        assertThat(HEX.formatHex(ct)).isEqualTo(
                "f4b04fa550d47a480a67d10ad1c447f13ebbd16b783a0fe05598789a272ba2b49ab925ec45fd7510d66268030d405e");
        assertThat(new String(AesGcm.decrypt(key, nonce, ct, aad), StandardCharsets.UTF_8)).isEqualTo("María Luisa Aguilar Rodríguez");
    }

    @Test
    void aDataKeyIsWrappedWithAesGcmUnderTheKekWithItsAssociatedData() {
        KeyRing.VersionedKey kek = DEMO.activeKek();
        byte[] dek = new byte[32];
        for (int i = 0; i < 32; i++) {
            dek[i] = (byte) (0x40 + i);
        }
        byte[] nonce = new byte[12];
        for (int i = 0; i < 12; i++) {
            nonce[i] = (byte) (0x10 + i);
        }
        byte[] wrapped = AesGcm.encrypt(kek.material().reveal(), nonce, dek,
                DataKeys.wrapAad("dk_00112233445566778899aabbccddeeff", kek));
        assertThat(HEX.formatHex(wrapped)).isEqualTo(
                "a445e74650eb3d7562f7fe17cf42f37900a70c92ea8fafac63547989af381767fa9667a8f3987cd8e5fd43c1a3e572ba");
    }

    @Test
    void blindIndexValuesAreFixedForTheDemoKey() {
        BlindIndex index = new BlindIndex(DEMO);
        assertThat(index.of("defender.fullName", "María Luisa Aguilar Rodríguez")).isEqualTo("2bkaKKQ5jveJbE1GaocA2w");
        assertThat(index.of("defender.fullName", "Jorge Santiago Aguirre Espinosa")).isEqualTo("4P1QK7Ma3d2e5N4w5iEi4g");
        assertThat(index.of("organisation.name", "Centro Prodh")).isEqualTo("-aZBl7O1P_sV9ZdwAIEu1w");
        assertThat(index.of("communication.addresseeName", "NSO Group")).isEqualTo("DTOFsLHxLTLVblQzqtwCYg");
        assertThat(index.of("defender.organisationId", ID)).isEqualTo("y35LVlZeKDDb_5y2B9xKcA");
    }

    @Test
    void normalisationFoldsAccentsCaseWidthAndSpaces() {
        BlindIndex index = new BlindIndex(DEMO);
        assertThat(BlindIndex.normalise("  María  Luisa AGUILAR\tRodríguez ")).isEqualTo("maria luisa aguilar rodriguez");
        assertThat(index.of("defender.fullName", "  maria  luisa AGUILAR rodriguez ")).isEqualTo("2bkaKKQ5jveJbE1GaocA2w");
        // full-width letters and an ideographic space (NFKD compatibility forms)
        assertThat(index.of("organisation.name", "\uff23\uff45\uff4e\uff54\uff52\uff4f\u3000\uff30\uff52\uff4f\uff44\uff48"))
                .isEqualTo("-aZBl7O1P_sV9ZdwAIEu1w");
    }
}

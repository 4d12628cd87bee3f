package org.evidencevault.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Exact-match search over sealed values: HMAC-SHA256 under the blind-index key (separate from the
 * KEKs) of the normalised value and a domain ("defender.fullName"), truncated to 128 bits.
 * Normalisation: Unicode NFKD, accents removed, lower case, white space collapsed, so an officer typing
 * "Maria Luisa Aguilar Rodriguez" finds "María Luisa Aguilar Rodríguez".
 */
public final class BlindIndex {

    private final KeyRing keyRing;

    public BlindIndex(KeyRing keyRing) {
        this.keyRing = keyRing;
    }

    public String of(String domain, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keyRing.blindIndexKey().material().reveal(), "HmacSHA256"));
            mac.update(domain.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            byte[] tag = mac.doFinal(normalise(value).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(tag, 16));
        } catch (GeneralSecurityException e) {
            throw new CryptoFailureException("blind index failed: " + e.getClass().getSimpleName());
        }
    }

    static String normalise(String value) {
        String decomposed = Normalizer.normalize(value, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        return decomposed.toLowerCase(Locale.ROOT).trim().replaceAll("\\s+", " ");
    }
}

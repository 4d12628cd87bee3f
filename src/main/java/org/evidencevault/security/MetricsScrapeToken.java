package org.evidencevault.security;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.evidencevault.crypto.Digests;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The metrics scraper's credential: a bearer token that opens {@code GET /actuator/prometheus} and nothing else. It is
 * not an account, has no role and no factor, and is configured only as its SHA-256
 * ({@code vault.security.metrics-scrape-token-sha256}, 64 hex digits; unset: there is none and only an ADMIN with both
 * factors may read the metrics). A scrape with it is not written to the audit log: a scraper every 15 s would add an
 * entry every 15 s and read nothing but counters. Presented anywhere else, or wrong, the token is an unknown API token
 * (refused with 401 and recorded, as any other).
 */
final class MetricsScrapeToken {

    static final String PATH = "/actuator/prometheus";
    static final String AUTHORITY = "METRICS_SCRAPE";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    /** The expected SHA-256 of the token; null when no scrape token is configured. */
    private final byte[] sha256;

    MetricsScrapeToken(String sha256Hex) {
        if (sha256Hex == null || sha256Hex.isBlank()) {
            this.sha256 = null;
        } else if (!SHA256_HEX.matcher(sha256Hex.strip()).matches()) {
            throw new IllegalArgumentException("vault.security.metrics-scrape-token-sha256 must be 64 hex digits (the token's SHA-256)");
        } else {
            this.sha256 = HexFormat.of().parseHex(sha256Hex.strip());
        }
    }

    /** Whether {@code token} is the scrape token and the request the one it may make. */
    boolean accepts(HttpServletRequest request, String token) {
        if (sha256 == null || !"GET".equals(request.getMethod())
                || !PATH.equals(request.getRequestURI().substring(request.getContextPath().length()))) {
            return false;
        }
        return MessageDigest.isEqual(sha256, Digests.sha256(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** The scraper, as the security context holds it: no account, one authority. */
    static Authentication scraper() {
        return UsernamePasswordAuthenticationToken.authenticated("metrics-scraper", null, List.of(new SimpleGrantedAuthority(AUTHORITY)));
    }

    static boolean isScraper(Authentication auth) {
        return Factors.has(auth, AUTHORITY);
    }
}

package org.evidencevault.web;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vault.web.*}: the largest JSON body accepted ({@code max-body-bytes}, default 1 MiB), and the
 * address people reach the vault at ({@code public-base-url}, default {@code http://localhost:8080}): the
 * OpenAPI document names it as the server and the passkey relying party derives its domain and origin from
 * it, instead of trusting the request's Host header. An {@code https} base URL also makes the session
 * cookie {@code Secure} and {@code __Host-} prefixed.
 */
@ConfigurationProperties("vault.web")
public record WebProperties(@DefaultValue("1048576") long maxBodyBytes,
                            @DefaultValue("http://localhost:8080") URI publicBaseUrl) {

    public WebProperties {
        if (!publicBaseUrl.isAbsolute() || !("http".equals(publicBaseUrl.getScheme()) || "https".equals(publicBaseUrl.getScheme()))
                || publicBaseUrl.getHost() == null || publicBaseUrl.getRawQuery() != null || publicBaseUrl.getRawFragment() != null
                || publicBaseUrl.getRawUserInfo() != null
                || !(publicBaseUrl.getRawPath() == null || publicBaseUrl.getRawPath().isEmpty() || "/".equals(publicBaseUrl.getRawPath()))) {
            throw new IllegalArgumentException("vault.web.public-base-url must be an http or https origin such as "
                    + "https://vault.example.org (no path, query or user)");
        }
    }

    /** The base URL's origin, as browsers send it: {@code scheme://host[:port]}. */
    public String origin() {
        return publicBaseUrl.getScheme() + "://" + publicBaseUrl.getHost() + (publicBaseUrl.getPort() < 0 ? "" : ":" + publicBaseUrl.getPort());
    }

    public boolean tls() {
        return "https".equals(publicBaseUrl.getScheme());
    }
}

package org.evidencevault.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code vault.web.max-body-bytes}: the largest JSON body accepted (default 1 MiB). */
@ConfigurationProperties("vault.web")
public record WebProperties(@DefaultValue("1048576") long maxBodyBytes) {
}

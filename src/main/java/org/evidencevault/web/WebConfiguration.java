package org.evidencevault.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Cookie;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The API refuses query parameters it does not define ({@link StrictParameters}); the OpenAPI document
 * names the configured public base URL as its server, never one built from the request's Host header; the
 * session cookie is {@code vault-session}, or {@code __Host-vault-session} and {@code Secure} when the vault
 * is served over TLS (an {@code https} public base URL).
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    static final String SESSION_COOKIE = "vault-session";

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new StrictParameters()).addPathPatterns("/api/**");
    }

    @Bean
    OpenAPI openApi(WebProperties props) {
        return new OpenAPI()
                .info(new Info().title("Evidence Vault API").version("v1")
                        .description("Encrypted store of surveillance incidents, with a signed, hash-chained audit log."))
                .servers(List.of(new Server().url(props.origin())));
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> sessionCookie(WebProperties props) {
        return factory -> {
            Cookie cookie = factory.getSettings().getSession().getCookie();
            cookie.setPath("/");
            cookie.setDomain(null);
            cookie.setHttpOnly(true);
            if (props.tls()) {
                cookie.setName("__Host-" + SESSION_COOKIE);
                cookie.setSecure(true);
            } else {
                cookie.setName(SESSION_COOKIE);
            }
        };
    }
}

package org.evidencevault.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * One filter chain for browsers and API clients. Browsers log in with a form and keep a session
 * (CSRF on). API clients send {@code Authorization: Bearer} (no session, no CSRF). Under
 * {@code /api/**} failures are RFC 9457 problems (401/403), never a redirect to the login page.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final String TOKEN_ENDPOINT = "/api/v1/auth/token";

    /** Argon2id with Spring Security 5.8 defaults (16 MiB, 2 iterations, 16-byte salt, 32-byte hash). */
    @Bean
    PasswordEncoder passwordEncoder() {
        return Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    }

    /** A request the firewall refuses (an encoded slash, a path with "..") gets a problem document, not the container's page. */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ProblemResponses problems) {
        return (request, response, e) -> problems.write(response, ProblemResponses.problem(HttpStatus.BAD_REQUEST,
                org.evidencevault.problems.Problems.type("request-rejected"), "Request refused",
                "the request's path or headers are not allowed"));
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ApiTokens tokens, ProblemResponses problems)
            throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        RequestMatcher api = paths.matcher("/api/**");
        RequestMatcher tokenEndpoint = paths.matcher(HttpMethod.POST, TOKEN_ENDPOINT);
        RequestMatcher bearer = BearerTokenFilter::hasBearerHeader;

        // Remember the page a browser wanted before the login form; never for the API, where it
        // would only open a session per unauthenticated call.
        HttpSessionRequestCache requestCache = new HttpSessionRequestCache();
        requestCache.setRequestMatcher(new AndRequestMatcher(
                paths.matcher(HttpMethod.GET, "/**"),
                new NegatedRequestMatcher(api),
                new NegatedRequestMatcher(new RequestHeaderRequestMatcher("X-Requested-With", "XMLHttpRequest"))));

        http
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers("/actuator/health", "/actuator/health/**",
                                "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**",
                                "/login", "/error").permitAll()
                        .requestMatchers(HttpMethod.POST, TOKEN_ENDPOINT).permitAll()
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .logout(Customizer.withDefaults())
                .requestCache(cache -> cache.requestCache(requestCache))
                .csrf(csrf -> csrf.ignoringRequestMatchers(bearer, tokenEndpoint))
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor((request, response, e) -> problems.writeUnauthorized(
                                response, ProblemResponses.unauthenticated(), ApiTokens.TOKEN_TYPE), api)
                        .defaultAccessDeniedHandlerFor((request, response, e) -> problems.write(
                                response, ProblemResponses.forbidden()), api))
                .addFilterBefore(new BearerTokenFilter(tokens, problems), CsrfFilter.class);
        return http.build();
    }
}

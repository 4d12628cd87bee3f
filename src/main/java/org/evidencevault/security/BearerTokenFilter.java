package org.evidencevault.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests carrying {@code Authorization: Bearer <token>} from {@link ApiTokens}.
 * A bearer token that is not valid ends the request with a 401 problem at once; it never falls
 * back to the session. The context is per request: nothing is stored in the HTTP session.
 * Not a bean: {@link SecurityConfiguration} places it in the security filter chain only.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Bearer ";

    private final ApiTokens tokens;
    private final ProblemResponses problems;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    BearerTokenFilter(ApiTokens tokens, ProblemResponses problems) {
        this.tokens = tokens;
        this.problems = problems;
    }

    /** Whether the request carries an {@code Authorization: Bearer} header (CSRF does not apply to it). */
    static boolean hasBearerHeader(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        return header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /** The bearer token of the request, if it has one. */
    static Optional<String> bearerToken(HttpServletRequest request) {
        if (!hasBearerHeader(request)) {
            return Optional.empty();
        }
        return Optional.of(request.getHeader(HttpHeaders.AUTHORIZATION).substring(PREFIX.length()).strip());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> token = bearerToken(request);
        if (token.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Optional<TokenGrant> grant;
        try {
            grant = tokens.lookup(token.get());
        } catch (RuntimeException e) {
            var store = org.evidencevault.store.StoreFailures.classify(e);
            if (store.isEmpty()) {
                throw e;
            }
            contexts.clearContext();
            problems.writeUnavailable(response, store.get().reason());
            return;
        }
        if (grant.isEmpty()) {
            contexts.clearContext();
            problems.writeUnauthorized(response, ProblemResponses.invalidToken(),
                    "Bearer error=\"invalid_token\"");
            return;
        }
        List<SimpleGrantedAuthority> authorities = grant.get().roles().stream()
                .map(r -> new SimpleGrantedAuthority(CurrentActor.ROLE_PREFIX + r.name()))
                .toList();
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                grant.get().username(), null, authorities));
        contexts.setContext(context);
        chain.doFilter(request, response);
    }
}

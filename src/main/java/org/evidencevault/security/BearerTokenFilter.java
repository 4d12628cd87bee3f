package org.evidencevault.security;

import org.evidencevault.access.CurrentActor;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.evidencevault.audit.Action;
import org.evidencevault.audit.Audited;
import org.evidencevault.audit.Target;
import org.evidencevault.common.Actor;
import org.evidencevault.store.StoreFailures;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests carrying {@code Authorization: Bearer <token>} from {@link ApiTokens}. A bearer
 * token that is not valid ends the request with a 401 problem at once; it never falls back to the session.
 * A read-only token may only read (GET, HEAD, and the POST searches); anything else is 403. Every use of
 * a token is recorded first (an ACCESS entry naming the token and a hash of the address); if it cannot be,
 * the request is refused. The context is per request: nothing is stored in the HTTP session. The metrics scraper's
 * token ({@link MetricsScrapeToken}) is recognised first, on its one request only, and not recorded.
 * Not a bean: {@link SecurityConfiguration} places it in the security filter chain only.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Bearer ";
    static final String SCOPE_PREFIX = "SCOPE_";

    private final ApiTokens tokens;
    private final ProblemResponses problems;
    private final Audited audited;
    private final AccessAddresses addresses;
    private final MetricsScrapeToken scrape;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    /**
     * Where the token's context is kept for the rest of the request: a streamed response (an evidence download) ends in
     * an async dispatch, which this filter does not see again; the security context filter loads it from here then.
     */
    private final org.springframework.security.web.context.SecurityContextRepository requestContext =
            new org.springframework.security.web.context.RequestAttributeSecurityContextRepository();

    BearerTokenFilter(ApiTokens tokens, ProblemResponses problems, Audited audited, AccessAddresses addresses,
                      MetricsScrapeToken scrape) {
        this.scrape = scrape;
        this.tokens = tokens;
        this.problems = problems;
        this.audited = audited;
        this.addresses = addresses;
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

    /** Requests a read-only token may make: GET, HEAD, and POST to a {@code .../search} endpoint. */
    static boolean onlyReads(HttpServletRequest request) {
        String method = request.getMethod();
        return "GET".equals(method) || "HEAD".equals(method)
                || "POST".equals(method) && request.getRequestURI().endsWith("/search");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> token = bearerToken(request);
        if (token.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        if (scrape.accepts(request, token.get())) {
            SecurityContext context = contexts.createEmptyContext();
            context.setAuthentication(MetricsScrapeToken.scraper());
            contexts.setContext(context);
            chain.doFilter(request, response);
            return;
        }
        String address = addresses.of(request);
        Optional<TokenGrant> grant;
        try {
            grant = tokens.lookup(token.get());
            if (grant.isEmpty()) {
                audited.access(Actor.ANONYMOUS, Action.TOKEN_REFUSED, List.of(addresses.target(address)));
            } else {
                audited.access(new Actor(grant.get().username(), grant.get().roles()), Action.TOKEN_USED,
                        List.of(new Target(ApiTokens.KIND.type(), grant.get().tokenId()), addresses.target(address)));
            }
        } catch (RuntimeException e) {
            var store = StoreFailures.classify(e);
            contexts.clearContext();
            problems.writeUnavailable(response, store.map(StoreFailures.Failure::reason)
                    .orElse("the access could not be recorded in the audit log"));
            return;
        }
        if (grant.isEmpty()) {
            contexts.clearContext();
            problems.writeUnauthorized(response, ProblemResponses.invalidToken(), "Bearer error=\"invalid_token\"");
            return;
        }
        if (grant.get().scope() == TokenScope.READ_ONLY && !onlyReads(request)) {
            contexts.clearContext();
            problems.write(response, ProblemResponses.tokenScope());
            return;
        }
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.addAll(CurrentActor.authorities(grant.get().roles(), grant.get().teams(), grant.get().mandates()));
        authorities.add(FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.BEARER_AUTHORITY));
        if (grant.get().passkeyAt() != null) {
            authorities.add(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.WEBAUTHN_AUTHORITY)
                    .issuedAt(grant.get().passkeyAt()).build());
        }
        authorities.add(new SimpleGrantedAuthority(SCOPE_PREFIX + grant.get().scope().name()));
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(grant.get().username(), null, authorities));
        contexts.setContext(context);
        requestContext.saveContext(context, request, response);
        chain.doFilter(request, response);
    }
}

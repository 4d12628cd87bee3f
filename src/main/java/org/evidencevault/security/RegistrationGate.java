package org.evidencevault.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Predicate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies the enrolment rule (both factors, or a password while the account has no second factor yet) to
 * a request Spring Security's WebAuthn support answers before authorization runs: asking for passkey
 * registration options. Refused: 401 when not logged in, 403 otherwise; nothing is created.
 */
final class RegistrationGate extends OncePerRequestFilter {

    private final RequestMatcher matcher;
    private final Predicate<Authentication> allowed;
    private final ProblemResponses problems;

    RegistrationGate(RequestMatcher matcher, Predicate<Authentication> allowed, ProblemResponses problems) {
        this.matcher = matcher;
        this.allowed = allowed;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (matcher.matches(request)) {
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            if (auth == null || !auth.isAuthenticated() || !(Factors.password(auth) || Factors.bearer(auth))) {
                problems.writeUnauthorized(response, ProblemResponses.unauthenticated(), "Form");
                return;
            }
            if (!allowed.test(auth)) {
                problems.write(response, ProblemResponses.forbidden());
                return;
            }
        }
        chain.doFilter(request, response);
    }
}

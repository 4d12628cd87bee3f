package org.evidencevault.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request of a logged-in browser session checks that the session is still valid
 * ({@link SessionRegistry#valid}: open, same security stamp, within its idle and absolute timeouts); a
 * password-only login must reach its second factor within {@code vault.security.second-factor-window}.
 * Otherwise the session is invalidated and the request goes on unauthenticated (the API answers 401, a
 * browser is sent to the login page). Bearer-token requests are checked by {@link BearerTokenFilter}.
 */
final class SessionCheckFilter extends OncePerRequestFilter {

    static final String PASSWORD_AT = "evidence-vault.password-at";

    private final SessionRegistry sessions;
    private final AccountService accounts;
    private final SecurityProperties props;
    private final Clock clock;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    SessionCheckFilter(SessionRegistry sessions, AccountService accounts, SecurityProperties props, Clock clock) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.props = props;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        Authentication auth = contexts.getContext().getAuthentication();
        if (session != null && auth != null && auth.isAuthenticated() && !Factors.bearer(auth) && !stillValid(session, auth)) {
            contexts.clearContext();
            session.invalidate();
        }
        chain.doFilter(request, response);
    }

    private boolean stillValid(HttpSession session, Authentication auth) {
        if (Factors.password(auth) && Factors.second(auth)) {
            Optional<Account> account = accounts.find(auth.getName());
            return account.isPresent() && sessions.valid(session, account.get());
        }
        if (Factors.password(auth)) {
            Object at = session.getAttribute(PASSWORD_AT);
            return at instanceof Instant t && clock.instant().isBefore(t.plus(props.secondFactorWindow()));
        }
        return false;
    }
}

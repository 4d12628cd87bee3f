package org.evidencevault.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;

/**
 * The session strategy of the passkey login: a passkey assertion in a session that already passed both factors,
 * for the same account, is a step-up (a fresh strong factor before an irreversible act), not a new login: the
 * session keeps its id and its record, and the request is marked so that the success handler records a
 * step-up instead of opening a new session. Every other passkey login is handed to {@code login} (a new id).
 */
final class StepUpAwareSessionStrategy implements SessionAuthenticationStrategy {

    private static final String STEPPED_UP = StepUpAwareSessionStrategy.class.getName() + ".stepped-up";

    private final SessionAuthenticationStrategy login;

    StepUpAwareSessionStrategy(SessionAuthenticationStrategy login) {
        this.login = login;
    }

    @Override
    public void onAuthentication(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
        // the context still holds the authentication from before this assertion
        Authentication before = SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
        boolean stepUp = before != null && Factors.both(before) && !Factors.bearer(before)
                && before.getName().equals(authentication.getName())
                && SessionRegistry.currentId(request.getSession(false)) != null;
        if (stepUp) {
            request.setAttribute(STEPPED_UP, Boolean.TRUE);
            return;
        }
        login.onAuthentication(authentication, request, response);
    }

    static boolean steppedUp(HttpServletRequest request) {
        return Boolean.TRUE.equals(request.getAttribute(STEPPED_UP));
    }
}

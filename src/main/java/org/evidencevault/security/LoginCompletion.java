package org.evidencevault.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.evidencevault.audit.Action;
import org.evidencevault.audit.Audited;
import org.evidencevault.audit.Target;
import org.evidencevault.common.Actor;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * The end of a login, whichever second factor it used: the session id changes (a fresh id at login), the
 * session is registered ({@link SessionRegistry}) and the login is recorded (an ACCESS entry naming the
 * account, the session and a hash of the address).
 */
@Component
class LoginCompletion {

    private final AccountService accounts;
    private final SessionRegistry sessions;
    private final Audited audited;
    private final AccessAddresses addresses;
    private final LoginMetrics metrics;

    LoginCompletion(AccountService accounts, SessionRegistry sessions, Audited audited, AccessAddresses addresses, LoginMetrics metrics) {
        this.metrics = metrics;
        this.accounts = accounts;
        this.sessions = sessions;
        this.audited = audited;
        this.addresses = addresses;
    }

    /**
     * A passkey assertion in a session that had both factors (a step-up): the session keeps its id and record;
     * the step-up is recorded (an ACCESS entry naming the account and the session).
     */
    void steppedUp(HttpServletRequest request, Authentication auth) {
        Account account = accounts.find(auth.getName()).filter(Account::active)
                .orElseThrow(() -> new BadCredentialsException("the account is not active"));
        audited.access(new Actor(account.username(), account.roles()), Action.STEP_UP,
                List.of(new Target(AccountRecords.KIND.type(), account.username()),
                        new Target(SessionRegistry.KIND.type(), SessionRegistry.currentId(request.getSession(false))),
                        addresses.target(addresses.of(request))));
    }

    void completed(HttpServletRequest request, Authentication auth) {
        Account account = accounts.find(auth.getName()).filter(Account::active)
                .orElseThrow(() -> new BadCredentialsException("the account is not active"));
        request.getSession(true);
        request.changeSessionId();
        sessions.open(request.getSession(), account, Factors.names(auth));
        audited.access(new Actor(account.username(), account.roles()), Action.LOGIN_SUCCEEDED,
                List.of(new Target(AccountRecords.KIND.type(), account.username()),
                        new Target(SessionRegistry.KIND.type(), SessionRegistry.currentId(request.getSession())),
                        addresses.target(addresses.of(request))));
        metrics.succeeded();
    }

    /** A passkey assertion refused, or a passkey without the password first: a failed login. */
    void failed() {
        metrics.failed();
    }
}

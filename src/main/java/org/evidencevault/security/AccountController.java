package org.evidencevault.security;

import org.evidencevault.access.CurrentActor;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.evidencevault.common.Actor;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.common.Role;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/account}: a person's own account. Change the password (every session and token then
 * ends, this one too); list and end sessions; list, create (from a logged-in browser session only) and
 * revoke API tokens; list and remove passkeys; add, replace or remove a TOTP authenticator.
 */
@RestController
@RequestMapping("/api/v1/account")
class AccountController {

    private final AccountService accounts;
    private final ApiTokens tokens;
    private final SessionRegistry sessions;
    private final PasskeyStore passkeys;
    private final CurrentActor actor;

    AccountController(AccountService accounts, ApiTokens tokens, SessionRegistry sessions, PasskeyStore passkeys, CurrentActor actor) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.sessions = sessions;
        this.passkeys = passkeys;
        this.actor = actor;
    }

    record Me(String username, List<String> roles, boolean totpEnrolled, int passkeys, List<String> factors) {
    }

    @GetMapping
    Me me() {
        Account a = account();
        return new Me(a.username(), a.roles().stream().sorted().map(Role::name).toList(), a.totpEnrolled(),
                passkeys.list(a.username()).size(), Factors.names(SecurityContextHolder.getContext().getAuthentication()));
    }

    record PasswordChange(String currentPassword, String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange[***]";
        }
    }

    @PostMapping("/password")
    ResponseEntity<Void> changePassword(@RequestBody PasswordChange body) {
        accounts.changePassword(actor.get(), body.currentPassword(), body.newPassword());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/sessions")
    List<SessionRegistry.SessionView> sessions(HttpServletRequest request) {
        return sessions.list(account(), SessionRegistry.currentId(request.getSession(false)));
    }

    @DeleteMapping("/sessions/{id}")
    ResponseEntity<Void> endSession(@PathVariable String id) {
        sessions.end(actor.get(), id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/tokens")
    List<ApiTokens.TokenView> tokens() {
        return tokens.list(account());
    }

    record NewToken(TokenScope scope, Integer ttlMinutes, String label) {
    }

    /** A token from a logged-in browser session (both factors); a token cannot make more tokens. */
    @PostMapping("/tokens")
    AuthController.TokenResponse createToken(@RequestBody NewToken body) {
        if (Factors.bearer(SecurityContextHolder.getContext().getAuthentication())) {
            throw new org.evidencevault.common.NotAllowedException(
                    "tokens are made from a logged-in browser session, never with another token");
        }
        IssuedToken t = tokens.issue(account(), body.scope() == null ? TokenScope.READ_WRITE : body.scope(),
                body.ttlMinutes() == null ? null : Duration.ofMinutes(body.ttlMinutes()), body.label(), actor.get().passkeyAt());
        return AuthController.TokenResponse.of(t);
    }

    @DeleteMapping("/tokens/{id}")
    ResponseEntity<Void> revokeToken(@PathVariable String id) {
        tokens.revoke(actor.get(), id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/passkeys")
    List<PasskeyStore.Passkey> passkeys() {
        return passkeys.list(actor.get().username());
    }

    @DeleteMapping("/passkeys/{id}")
    ResponseEntity<Void> removePasskey(@PathVariable String id) {
        Actor me = actor.get();
        Account a = account();
        if (!a.totpEnrolled() && passkeys.count(me.username()) <= 1) {
            throw new org.evidencevault.common.InvalidInputException("passkey", "last-second-factor",
                    "add an authenticator or another passkey first: an account keeps a second factor");
        }
        passkeys.remove(me, id);
        return ResponseEntity.noContent().build();
    }

    record TotpStart(String secret, String uri) {
        @Override
        public String toString() {
            return "TotpStart[***]";
        }
    }

    /** Starts adding (or replacing) a TOTP authenticator: the secret is shown once. */
    @PostMapping("/totp")
    TotpStart beginTotp() {
        AccountService.TotpEnrolment e = accounts.beginTotpEnrolment(actor.get());
        return new TotpStart(e.secret(), e.uri());
    }

    record TotpCode(String code) {
    }

    @PostMapping("/totp/confirm")
    ResponseEntity<Void> confirmTotp(@RequestBody TotpCode body) {
        accounts.confirmTotp(actor.get(), body.code());
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/totp")
    ResponseEntity<Void> removeTotp() {
        accounts.removeTotp(actor.get(), passkeys);
        return ResponseEntity.noContent().build();
    }

    private Account account() {
        return accounts.find(actor.get().username()).orElseThrow(() -> new NotFoundException("account"));
    }

}

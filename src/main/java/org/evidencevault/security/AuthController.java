package org.evidencevault.security;

import org.evidencevault.access.CurrentActor;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.evidencevault.audit.Action;
import org.evidencevault.audit.Audited;
import org.evidencevault.audit.Target;
import org.evidencevault.common.Actor;
import org.evidencevault.common.Checks;
import org.evidencevault.common.Role;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Bearer tokens for API clients: issued for a username, a password and a current authenticator code (both
 * factors in one request), revoked, and who am I. Every failure of the token request gets the same 401,
 * whether the username is unknown, the password or the code is wrong, the account is disabled or the
 * attempt was throttled.
 */
@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

    private static final int MAX_USERNAME_LENGTH = 64;

    private final PasswordLoginProvider passwords;
    private final ApiTokens tokens;
    private final CurrentActor currentActor;
    private final AccessAddresses addresses;
    private final Audited audited;
    private final LoginMetrics metrics;

    AuthController(PasswordLoginProvider passwords, ApiTokens tokens, CurrentActor currentActor, AccessAddresses addresses,
                   Audited audited, LoginMetrics metrics) {
        this.metrics = metrics;
        this.passwords = passwords;
        this.tokens = tokens;
        this.currentActor = currentActor;
        this.addresses = addresses;
        this.audited = audited;
    }

    /** 200 with a token; 401 problem "invalid credentials" for any failure alike. */
    @PostMapping(path = "/token", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> issue(@RequestBody TokenRequest request, HttpServletRequest http) {
        new Checks()
                .requirePresent(request.username(), "username")
                .requirePresent(request.password(), "password")
                .requirePresent(request.code(), "code")
                .maxLength(request.username(), MAX_USERNAME_LENGTH, "username")
                .maxLength(request.password(), PasswordPolicy.MAX_LENGTH, "password")
                .maxLength(request.code(), 10, "code")
                .require(request.ttlMinutes() == null || request.ttlMinutes() > 0, "ttlMinutes", "range", "must be at least 1")
                .throwIfAny();
        String address = addresses.of(http);
        Optional<Account> account = passwords.check(request.username(), request.password(), address)
                .filter(a -> !a.enrolmentPending())
                .filter(a -> passwords.checkTotp(a, request.code(), address));
        if (account.isEmpty()) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, ApiTokens.TOKEN_TYPE)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(org.evidencevault.problems.Problems.body(ProblemResponses.invalidCredentials()));
        }
        IssuedToken issued = tokens.issue(account.get(), request.scope() == null ? TokenScope.READ_WRITE : request.scope(),
                request.ttlMinutes() == null ? null : Duration.ofMinutes(request.ttlMinutes()), request.label(), null);
        audited.access(new Actor(account.get().username(), account.get().roles()), Action.LOGIN_SUCCEEDED,
                List.of(new Target(AccountRecords.KIND.type(), account.get().username()),
                        new Target(ApiTokens.KIND.type(), issued.id()), addresses.target(address)));
        metrics.succeeded();
        return ResponseEntity.ok(TokenResponse.of(issued));
    }

    /** Revokes the bearer token this request is authenticated with: 204. */
    @DeleteMapping("/token")
    ResponseEntity<?> revoke(HttpServletRequest request) {
        Optional<String> token = BearerTokenFilter.bearerToken(request);
        if (token.isEmpty()) {
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(org.evidencevault.problems.Problems.body(ProblemResponses.problem(HttpStatus.BAD_REQUEST,
                            ProblemResponses.NO_BEARER_TOKEN, "No bearer token", "this request is not authenticated with a bearer token")));
        }
        tokens.revokeToken(currentActor.get(), token.get());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/whoami")
    WhoAmI whoami() {
        Actor actor = currentActor.get();
        return new WhoAmI(actor.username(), actor.roles().stream().sorted().map(Role::name).toList(),
                Factors.names(SecurityContextHolder.getContext().getAuthentication()));
    }

    /** Body of {@code POST /api/v1/auth/token}. {@link #toString()} never shows the password or the code. */
    record TokenRequest(String username, String password, String code, TokenScope scope, Integer ttlMinutes, String label) {
        @Override
        public String toString() {
            return "TokenRequest[username=" + username + ", password=***, code=***, scope=" + scope + "]";
        }
    }

    record TokenResponse(String token, String id, String tokenType, TokenScope scope, Instant expiresAt, List<String> roles) {
        static TokenResponse of(IssuedToken t) {
            return new TokenResponse(t.token(), t.id(), ApiTokens.TOKEN_TYPE, t.scope(), t.expiresAt(),
                    t.roles().stream().sorted().map(Role::name).toList());
        }

        @Override
        public String toString() {
            return "TokenResponse[id=" + id + ", scope=" + scope + ", expiresAt=" + expiresAt + ", roles=" + roles + "]";
        }
    }

    record WhoAmI(String username, List<String> roles, List<String> factors) {
    }

}

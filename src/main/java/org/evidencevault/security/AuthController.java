package org.evidencevault.security;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.evidencevault.common.Actor;
import org.evidencevault.common.Checks;
import org.evidencevault.common.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Bearer tokens for API clients: issue for a username and password, revoke, and who am I. */
@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

    private static final Logger log = LoggerFactory.getLogger(AuthController.class);
    private static final int MAX_USERNAME_LENGTH = 64;

    private final Credentials credentials;
    private final ApiTokens tokens;
    private final CurrentActor currentActor;

    AuthController(Credentials credentials, ApiTokens tokens, CurrentActor currentActor) {
        this.credentials = credentials;
        this.tokens = tokens;
        this.currentActor = currentActor;
    }

    /** 200 with a token; 401 problem "invalid username or password" for an unknown user or a wrong password alike. */
    @PostMapping(path = "/token", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> issue(@RequestBody TokenRequest request) {
        new Checks()
                .requirePresent(request.username(), "username")
                .requirePresent(request.password(), "password")
                .maxLength(request.username(), MAX_USERNAME_LENGTH, "username")
                .maxLength(request.password(), AccountStore.MAX_PASSWORD_LENGTH, "password")
                .throwIfAny();
        Optional<Account> account = credentials.check(request.username(), request.password());
        if (account.isEmpty()) {
            log.info("api token refused: invalid credentials");
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, ApiTokens.TOKEN_TYPE)
                    .body(ProblemResponses.invalidCredentials());
        }
        IssuedToken issued = tokens.issue(account.get());
        log.info("api token issued for {} (expires {})", issued.username(), issued.expiresAt());
        return ResponseEntity.ok(new TokenResponse(issued.token(), ApiTokens.TOKEN_TYPE, issued.expiresAt(),
                roleNames(issued.roles())));
    }

    /** Revokes the bearer token this request is authenticated with: 204. */
    @DeleteMapping("/token")
    ResponseEntity<?> revoke(HttpServletRequest request) {
        Optional<String> token = BearerTokenFilter.bearerToken(request);
        if (token.isEmpty()) {
            return ResponseEntity.badRequest().body(ProblemResponses.problem(HttpStatus.BAD_REQUEST,
                    ProblemResponses.NO_BEARER_TOKEN, "No bearer token",
                    "this request is not authenticated with a bearer token"));
        }
        tokens.revoke(token.get());
        log.info("api token revoked by {}", currentActor.get().username());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/whoami")
    WhoAmI whoami() {
        Actor actor = currentActor.get();
        return new WhoAmI(actor.username(), roleNames(actor.roles()));
    }

    private static List<String> roleNames(Set<Role> roles) {
        return roles.isEmpty() ? List.of() : EnumSet.copyOf(roles).stream().map(Role::name).toList();
    }

    /** Body of {@code POST /api/v1/auth/token}. {@link #toString()} never shows the password. */
    record TokenRequest(String username, String password) {
        @Override
        public String toString() {
            return "TokenRequest[username=" + username + ", password=***]";
        }
    }

    record TokenResponse(String token, String tokenType, Instant expiresAt, List<String> roles) {
        @Override
        public String toString() {
            return "TokenResponse[tokenType=" + tokenType + ", expiresAt=" + expiresAt + ", roles=" + roles + "]";
        }
    }

    record WhoAmI(String username, List<String> roles) {
    }
}

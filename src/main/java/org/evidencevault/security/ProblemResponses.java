package org.evidencevault.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.evidencevault.problems.ProblemWriter;
import org.evidencevault.problems.Problems;

/**
 * RFC 9457 bodies for the security layer, written before MVC runs (filters, entry points). Details
 * are fixed texts: never an exception message, which could echo request input.
 */
@Component
class ProblemResponses {

    static final URI UNAUTHENTICATED = Problems.type("unauthenticated");
    static final URI INVALID_CREDENTIALS = Problems.type("invalid-credentials");
    static final URI INVALID_TOKEN = Problems.type("invalid-token");
    static final URI FORBIDDEN = Problems.type("forbidden");
    static final URI NO_BEARER_TOKEN = Problems.type("no-bearer-token");

    private final ProblemWriter writer;
    private final java.time.Duration retryAfter;

    ProblemResponses(ProblemWriter writer, org.evidencevault.store.StoreProperties store) {
        this.writer = writer;
        this.retryAfter = store.retryAfter();
    }

    static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }

    static ProblemDetail unauthenticated() {
        return problem(HttpStatus.UNAUTHORIZED, UNAUTHENTICATED, "Authentication required",
                "log in, or send a valid bearer token");
    }

    static ProblemDetail invalidCredentials() {
        return problem(HttpStatus.UNAUTHORIZED, INVALID_CREDENTIALS, "Authentication failed",
                "invalid username or password");
    }

    static ProblemDetail invalidToken() {
        return problem(HttpStatus.UNAUTHORIZED, INVALID_TOKEN, "Authentication required",
                "the bearer token is invalid, expired or revoked");
    }

    static ProblemDetail tokenScope() {
        return problem(HttpStatus.FORBIDDEN, Problems.type("token-scope"), "Forbidden",
                "this token is read-only: it may read, never change anything");
    }

    static ProblemDetail secondFactorRequired() {
        return problem(HttpStatus.UNAUTHORIZED, Problems.type("second-factor-required"), "Second factor required",
                "finish logging in with your passkey or authenticator code");
    }

    static ProblemDetail forbidden() {
        return problem(HttpStatus.FORBIDDEN, FORBIDDEN, "Forbidden",
                "you are not allowed to do this");
    }

    /** Writes a 401 with a {@code WWW-Authenticate} challenge. */
    void writeUnauthorized(HttpServletResponse response, ProblemDetail problem, String challenge) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        write(response, problem);
    }

    /** A 503 with {@code Retry-After}: the store could not be asked (the reason is a fixed text). */
    void writeUnavailable(HttpServletResponse response, String reason) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        write(response, problem(HttpStatus.SERVICE_UNAVAILABLE, Problems.type("store-unavailable"), "Store unavailable",
                reason + "; nothing was done. Try again later"));
    }

    void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        writer.write(response, problem);
    }
}

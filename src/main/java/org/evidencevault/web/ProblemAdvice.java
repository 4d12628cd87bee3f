package org.evidencevault.web;

import java.time.Duration;
import java.util.List;
import jakarta.servlet.http.HttpServletRequest;
import org.evidencevault.access.CurrentActor;
import org.evidencevault.access.PermissionDeniedException;
import org.evidencevault.audit.AccessRefusals;
import org.evidencevault.audit.AuditFailureException;
import org.evidencevault.common.Actor;
import org.evidencevault.common.ApprovalException;
import org.evidencevault.common.StepUpRequiredException;
import org.springframework.web.servlet.HandlerMapping;
import org.evidencevault.audit.AuditOutcomeUnknownException;
import org.evidencevault.audit.ChangePendingException;
import org.evidencevault.audit.IntegrityHaltException;
import org.evidencevault.common.AlreadyExistsException;
import org.evidencevault.common.GoneException;
import org.evidencevault.common.RecordIntegrityException;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.common.RuleViolation;
import org.evidencevault.common.StaleVersionException;
import org.evidencevault.crypto.CryptoFailureException;
import org.evidencevault.crypto.DataKeyDestroyedException;
import org.evidencevault.problems.Problems;
import org.evidencevault.store.StoreFailures;
import org.evidencevault.store.StoreProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Every error as an RFC 9457 problem: bad input names the field and the rule; nothing internal
 * (stack traces, class names of the store) and nothing the request carried (values, paths, media types)
 * reaches the client. Store failures are 503 with {@code Retry-After}.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    private final Duration retryAfter;
    private final AccessRefusals refusals;
    private final CurrentActor actors;

    ProblemAdvice(StoreProperties store, AccessRefusals refusals, CurrentActor actors) {
        this.retryAfter = store.retryAfter();
        this.refusals = refusals;
        this.actors = actors;
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<Object> invalid(InvalidInputException e) {
        return respond(Problems.invalid(HttpStatus.UNPROCESSABLE_CONTENT, "rule-violation", "Input breaks a rule", e.violations()));
    }

    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> invalidParameter(InvalidParameterException e) {
        return respond(Problems.invalid(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", e.violations()));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Object> notFound(NotFoundException e, HttpServletRequest request) {
        return refused(request, AccessRefusals.Reason.NOT_FOUND, e.kind(), e.id(),
                () -> respond(Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage())));
    }

    @ExceptionHandler(StepUpRequiredException.class)
    ResponseEntity<Object> stepUp(StepUpRequiredException e, HttpServletRequest request) {
        return refused(request, AccessRefusals.Reason.STEP_UP, null, null, () -> {
            ProblemDetail p = Problems.of(HttpStatus.UNAUTHORIZED, "step-up-required", "Passkey confirmation required",
                    e.getMessage() + ": confirm with your passkey (POST /webauthn/authenticate/options, then POST /login/webauthn"
                            + " in the same session) and send the request again");
            p.setProperty("maxAgeSeconds", e.window().toSeconds());
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).headers(problemHeaders())
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_user_authentication\", max_age="
                            + e.window().toSeconds())
                    .body(Problems.body(p));
        });
    }

    @ExceptionHandler(ApprovalException.class)
    ResponseEntity<Object> approval(ApprovalException e, HttpServletRequest request) {
        boolean missing = e.rule().equals("approval-required") || e.rule().equals("approval-pending");
        HttpStatus status = missing ? HttpStatus.PRECONDITION_REQUIRED
                : e.rule().equals("approval-not-pending") ? HttpStatus.CONFLICT : HttpStatus.FORBIDDEN;
        String field = e.rule().equals("four-eyes") || e.rule().equals("approval-not-pending") ? "approval" : org.evidencevault.approvals.ApprovalId.HEADER;
        return refused(request, AccessRefusals.Reason.APPROVAL, e.rule(), null, () -> respond(Problems.invalid(status,
                missing ? "approval-required" : "approval-refused", missing ? "Approval required" : "Approval does not allow this",
                List.of(new RuleViolation(field, e.rule(), e.getMessage())))));
    }

    @ExceptionHandler(AlreadyExistsException.class)
    ResponseEntity<Object> exists(AlreadyExistsException e) {
        return respond(Problems.of(HttpStatus.CONFLICT, "already-exists", "Already exists", e.getMessage() + "; nothing was changed"));
    }

    @ExceptionHandler(GoneException.class)
    ResponseEntity<Object> gone(GoneException e) {
        ProblemDetail p = Problems.of(HttpStatus.GONE, "erased", "Erased", e.getMessage() + "; its data key was destroyed");
        p.setProperty("erasedAt", e.erasedAt().toString());
        return respond(p);
    }

    @ExceptionHandler(DataKeyDestroyedException.class)
    ResponseEntity<Object> shredded(DataKeyDestroyedException e) {
        return respond(Problems.of(HttpStatus.GONE, "erased", "Erased", "this data was erased: its data key was destroyed"));
    }

    @ExceptionHandler(StaleVersionException.class)
    ResponseEntity<Object> stale(StaleVersionException e) {
        ProblemDetail p = Problems.of(HttpStatus.PRECONDITION_FAILED, "stale-version", "Version is not current",
                e.getMessage() + "; nothing was changed. Read it again and re-apply your change.");
        p.setProperty("currentVersion", e.currentVersion());
        return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED).headers(problemHeaders())
                .header(HttpHeaders.ETAG, Versions.etag(e.currentVersion())).body(Problems.body(p));
    }

    @ExceptionHandler(PreconditionRequiredException.class)
    ResponseEntity<Object> preconditionRequired(PreconditionRequiredException e) {
        return respond(Problems.invalid(HttpStatus.PRECONDITION_REQUIRED, "if-match-required", "If-Match required",
                List.of(new RuleViolation("If-Match", "required", e.getMessage()))));
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<Object> tooLarge(PayloadTooLargeException e) {
        return respond(Problems.of(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request body too large", e.getMessage()));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> denied(AccessDeniedException e, HttpServletRequest request) {
        String permission = e instanceof PermissionDeniedException p ? p.permission().name() : "role";
        return refused(request, AccessRefusals.Reason.PERMISSION, permission, null,
                () -> respond(Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "your role does not allow this")));
    }

    @ExceptionHandler(org.evidencevault.common.NotAllowedException.class)
    ResponseEntity<Object> notAllowed(org.evidencevault.common.NotAllowedException e, HttpServletRequest request) {
        return refused(request, AccessRefusals.Reason.PERMISSION, "session-only", null,
                () -> respond(Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage())));
    }

    /** Records the refusal ({@link AccessRefusals}), then answers; a refusal that cannot be recorded is a 503. */
    private ResponseEntity<Object> refused(HttpServletRequest request, AccessRefusals.Reason reason, String detail, String id,
                                           java.util.function.Supplier<ResponseEntity<Object>> answer) {
        Actor actor;
        try {
            actor = actors.get();
        } catch (RuntimeException e) {
            actor = Actor.ANONYMOUS;
        }
        try {
            refusals.record(actor, reason, endpoint(request), detail, id);
        } catch (RuntimeException e) {
            log.warn("a refusal could not be recorded: {}", rootName(e));
            return unavailable(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "audit-unavailable", "Audit log unavailable",
                    "the refusal could not be recorded in the audit log; nothing was done"));
        }
        return answer.get();
    }

    /** {@code METHOD /path/{pattern}} of the handler that refused, never the path as sent. */
    private static String endpoint(HttpServletRequest request) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        return pattern == null ? null : request.getMethod() + " " + pattern;
    }

    @ExceptionHandler(org.evidencevault.backup.BackupUnavailableException.class)
    ResponseEntity<Object> backupUnavailable(org.evidencevault.backup.BackupUnavailableException e) {
        ProblemDetail p = Problems.of(e.retryable() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.CONFLICT, "backup-unavailable",
                "No backup written", e.getMessage());
        return e.retryable() ? unavailable(p) : respond(p);
    }

    @ExceptionHandler(AuditFailureException.class)
    ResponseEntity<Object> auditDown(AuditFailureException e) {
        log.error("audit log unavailable: operation refused ({})", rootName(e));
        String why = StoreFailures.classify(e).map(f -> ": " + f.reason()).orElse("");
        return unavailable(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "audit-unavailable", "Audit log unavailable",
                "the audit entry could not be written" + why + ", so nothing was done; try again later"));
    }

    @ExceptionHandler(IntegrityHaltException.class)
    ResponseEntity<Object> halted(IntegrityHaltException e) {
        log.error("refused while halted: {}", e.getMessage());
        return unavailable(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "integrity-halt", "Halted on an integrity alarm",
                e.getMessage() + ". Nothing was done; an operator must look at the vault's health and audit log"));
    }

    @ExceptionHandler(ChangePendingException.class)
    ResponseEntity<Object> pending(ChangePendingException e) {
        log.error("change recorded but not applied: {} ({})", e.getMessage(), rootName(e));
        return unavailable(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "change-pending", "Change may be recorded, not yet applied",
                "the change may have been recorded in the audit log; a recorded change is applied by repair."
                        + " Read the record again before retrying"));
    }

    @ExceptionHandler(AuditOutcomeUnknownException.class)
    ResponseEntity<Object> outcomeUnknown(AuditOutcomeUnknownException e) {
        log.error("audit outcome unknown: {} ({})", e.getMessage(), rootName(e));
        return unavailable(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "audit-outcome-unknown", "Audit log did not answer",
                "the store did not confirm the audit entry; nothing was returned. Try again later"));
    }

    @ExceptionHandler(CryptoFailureException.class)
    ResponseEntity<Object> crypto(CryptoFailureException e) {
        log.error("integrity failure while opening sealed data: {}", e.getMessage());
        return respond(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "integrity-failure", "Stored data failed its integrity check",
                "sealed data could not be opened; the event was logged for the operators"));
    }

    @ExceptionHandler(RecordIntegrityException.class)
    ResponseEntity<Object> recordIntegrity(RecordIntegrityException e) {
        return respond(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "record-integrity", "Record withheld",
                e.getMessage() + "; it was reported to the operators, and other records are not affected"));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e) {
        return respond(Problems.invalid(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
                List.of(new RuleViolation(e.getName(), "type", "must be a valid " + JsonErrors.simpleType(e.getRequiredType())))));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        var store = StoreFailures.classify(e);
        if (store.isPresent()) {
            log.error("store unavailable: request refused ({}: {})", rootName(e), store.get().reason());
            return unavailable(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable", "Store unavailable",
                    store.get().reason() + "; nothing was done. Try again later"));
        }
        log.error("unexpected error ({})", rootName(e), e);
        return respond(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "the request failed; the event was logged for the operators"));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof PayloadTooLargeException tooLarge) {
                return tooLarge(tooLarge);
            }
            if (t instanceof InvalidInputException invalid && t != ex) {
                return invalid(invalid);
            }
        }
        RuleViolation v = ex.getCause() instanceof JacksonException je ? JsonErrors.describe(je)
                : new RuleViolation("body", "json", "the request body is missing or is not JSON");
        if (v.rule().equals(org.evidencevault.common.TextRules.FORBIDDEN)) {
            // well-formed JSON whose text breaks a content rule: like any other rule, 422
            return respond(Problems.invalid(HttpStatus.UNPROCESSABLE_CONTENT, "rule-violation", "Input breaks a rule", List.of(v)));
        }
        return respond(Problems.invalid(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request", List.of(v)));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        return respond(Problems.invalid(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
                List.of(new RuleViolation(ex.getParameterName(), "required", "is required"))));
    }

    /**
     * Spring's own errors (405, 406, 415, ...): the status with a fixed text. Spring's default details
     * quote the request (its method, its media type), so they are replaced.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        HttpStatus status = HttpStatus.resolve(statusCode.value());
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        ProblemDetail p = Problems.of(status, Problems.kindOf(status.value()), status.getReasonPhrase(),
                status.is5xxServerError() ? "the request failed; the event was logged for the operators"
                        : "the request was refused: " + status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT));
        HttpHeaders h = new HttpHeaders();
        if (headers != null && headers.getAllow() != null && !headers.getAllow().isEmpty()) {
            h.setAllow(headers.getAllow());
        }
        h.set(HttpHeaders.CONTENT_TYPE, "application/problem+json");
        return ResponseEntity.status(status).headers(h).body(Problems.body(p));
    }

    private static String rootName(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }

    private static HttpHeaders problemHeaders() {
        HttpHeaders h = new HttpHeaders();
        h.set(HttpHeaders.CONTENT_TYPE, "application/problem+json");
        return h;
    }

    /** A 503 with {@code Retry-After}, in whole seconds. */
    private ResponseEntity<Object> unavailable(ProblemDetail p) {
        return ResponseEntity.status(p.getStatus()).headers(problemHeaders())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds()))).body(Problems.body(p));
    }

    private static ResponseEntity<Object> respond(ProblemDetail p) {
        return ResponseEntity.status(p.getStatus()).headers(problemHeaders()).body(Problems.body(p));
    }
}

package org.evidencevault.web;

import java.util.List;
import org.evidencevault.audit.AuditFailureException;
import org.evidencevault.audit.AuditOutcomeUnknownException;
import org.evidencevault.audit.ChangePendingException;
import org.evidencevault.common.GoneException;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.common.RuleViolation;
import org.evidencevault.common.StaleVersionException;
import org.evidencevault.crypto.CryptoFailureException;
import org.evidencevault.crypto.DataKeyDestroyedException;
import org.evidencevault.store.StoreFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Every error as an RFC 9457 problem: bad input names the field and the rule; nothing internal
 * (stack traces, class names of the store, rejected values) reaches the client.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    private final java.time.Duration retryAfter;

    ProblemAdvice(org.evidencevault.store.StoreProperties store) {
        this.retryAfter = store.retryAfter();
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidInputException e) {
        return respond(Problems.invalid(HttpStatus.UNPROCESSABLE_CONTENT, "rule-violation", "Input breaks a rule", e.violations()));
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        return respond(Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage()));
    }

    @ExceptionHandler(GoneException.class)
    ResponseEntity<ProblemDetail> gone(GoneException e) {
        ProblemDetail p = Problems.of(HttpStatus.GONE, "erased", "Erased", e.getMessage() + "; its data key was destroyed");
        p.setProperty("erasedAt", e.erasedAt().toString());
        return respond(p);
    }

    @ExceptionHandler(DataKeyDestroyedException.class)
    ResponseEntity<ProblemDetail> shredded(DataKeyDestroyedException e) {
        return respond(Problems.of(HttpStatus.GONE, "erased", "Erased", "this data was erased: its data key was destroyed"));
    }

    @ExceptionHandler(StaleVersionException.class)
    ResponseEntity<ProblemDetail> stale(StaleVersionException e) {
        ProblemDetail p = Problems.of(HttpStatus.PRECONDITION_FAILED, "stale-version", "Version is not current",
                e.getMessage() + "; nothing was changed. Read it again and re-apply your change.");
        p.setProperty("currentVersion", e.currentVersion());
        return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED).header(HttpHeaders.ETAG, Versions.etag(e.currentVersion())).body(p);
    }

    @ExceptionHandler(PreconditionRequiredException.class)
    ResponseEntity<ProblemDetail> preconditionRequired(PreconditionRequiredException e) {
        return respond(Problems.invalid(HttpStatus.PRECONDITION_REQUIRED, "if-match-required", "If-Match required",
                List.of(new RuleViolation("If-Match", "required", e.getMessage()))));
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(PayloadTooLargeException e) {
        return respond(Problems.of(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request body too large", e.getMessage()));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e) {
        return respond(Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "your role does not allow this"));
    }

    @ExceptionHandler(AuditFailureException.class)
    ResponseEntity<ProblemDetail> auditDown(AuditFailureException e) {
        log.error("audit log unavailable: operation refused ({})", rootName(e));
        String why = StoreFailures.classify(e).map(f -> ": " + f.reason()).orElse("");
        return unavailable(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "audit-unavailable", "Audit log unavailable",
                "the audit entry could not be written" + why + ", so nothing was done; try again later"));
    }

    @ExceptionHandler(ChangePendingException.class)
    ResponseEntity<ProblemDetail> pending(ChangePendingException e) {
        log.error("change recorded but not applied: {} ({})", e.getMessage(), rootName(e));
        return unavailable(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "change-pending", "Change may be recorded, not yet applied",
                "the change may have been recorded in the audit log; a recorded change is applied by repair."
                        + " Read the record again before retrying"));
    }

    @ExceptionHandler(AuditOutcomeUnknownException.class)
    ResponseEntity<ProblemDetail> outcomeUnknown(AuditOutcomeUnknownException e) {
        log.error("audit outcome unknown: {} ({})", e.getMessage(), rootName(e));
        return unavailable(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "audit-outcome-unknown", "Audit log did not answer",
                "the store did not confirm the audit entry; nothing was returned. Try again later"));
    }

    @ExceptionHandler(CryptoFailureException.class)
    ResponseEntity<ProblemDetail> crypto(CryptoFailureException e) {
        log.error("integrity failure while opening sealed data: {}", e.getMessage());
        return respond(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "integrity-failure", "Stored data failed its integrity check",
                "sealed data could not be opened; the event was logged for the operators"));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return respond(Problems.invalid(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
                List.of(new RuleViolation(e.getName(), "type", "must be a valid " + simpleType(e.getRequiredType())))));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
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
        Throwable cause = ex.getCause();
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof PayloadTooLargeException tooLarge) {
                return new ResponseEntity<>(tooLarge(tooLarge).getBody(), HttpStatus.CONTENT_TOO_LARGE);
            }
            if (t instanceof InvalidInputException invalid && t != ex) {
                return new ResponseEntity<>(invalid(invalid).getBody(), HttpStatus.UNPROCESSABLE_CONTENT);
            }
        }
        RuleViolation v = cause instanceof JacksonException je ? describe(je)
                : new RuleViolation("body", "json", "the request body is missing or is not JSON");
        return new ResponseEntity<>(Problems.invalid(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request", List.of(v)),
                problemHeaders(), HttpStatus.BAD_REQUEST);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        // Spring passes a null body for its own ErrorResponse exceptions (415, 405, ...) and fills it in
        // inside super, so the type is set on the body of the response super returns.
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail p) {
            p.setType(java.net.URI.create("urn:evidence-vault:problem:" + HttpStatus.valueOf(statusCode.value()).name()
                    .toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
        }
        return response;
    }

    static RuleViolation describe(JacksonException e) {
        String field = path(e);
        if (e instanceof UnrecognizedPropertyException u) {
            String name = u.getPropertyName();
            if (name != null && (name.startsWith("$") || name.contains("."))) {
                return new RuleViolation(field, "operator-key", "keys starting with '$' or containing '.' are not allowed");
            }
            return new RuleViolation(field, "unknown-field", "is not a field of this request");
        }
        if (e instanceof InvalidNullException) {
            return new RuleViolation(field, "required", "must not be null");
        }
        if (e instanceof InvalidFormatException f) {
            Class<?> target = f.getTargetType();
            if (target != null && target.isEnum()) {
                return new RuleViolation(field, "enum", "must be one of " + java.util.Arrays.toString(target.getEnumConstants()));
            }
            return new RuleViolation(field, "type", "must be a valid " + simpleType(target));
        }
        if (e instanceof ValueInstantiationException) {
            return new RuleViolation(field, "invalid", "is not a valid value");
        }
        if (e instanceof MismatchedInputException && e.getOriginalMessage() != null
                && e.getOriginalMessage().startsWith("Trailing token")) {
            return new RuleViolation(field, "json-syntax", "the body is not well-formed JSON: nothing may follow the value");
        }
        if (e instanceof MismatchedInputException m) {
            return new RuleViolation(field, "type", "must be " + article(simpleType(m.getTargetType())));
        }
        if (e instanceof StreamReadException) {
            // Jackson 2 said "Duplicate field 'x'", Jackson 3 says "Duplicate Object property \"x\""
            String why = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate ")
                    ? "duplicate-key" : "json-syntax";
            return new RuleViolation(field, why, why.equals("duplicate-key") ? "a key appears twice" : "the body is not well-formed JSON");
        }
        return new RuleViolation(field, "json", "cannot be read");
    }

    private static String path(JacksonException e) {
        String p = rawPath(e);
        return p.isEmpty() ? "body" : p;
    }

    private static String rawPath(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == String.class) {
            return "string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "array";
        }
        if (type == java.time.LocalDate.class) {
            return "date (YYYY-MM-DD)";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return "object";
    }

    private static String article(String type) {
        return type.startsWith("one of") ? type : ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
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
    private ResponseEntity<ProblemDetail> unavailable(ProblemDetail p) {
        return ResponseEntity.status(p.getStatus()).headers(problemHeaders())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds()))).body(p);
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail p) {
        return ResponseEntity.status(p.getStatus()).headers(problemHeaders()).body(p);
    }
}

package org.evidencevault.problems;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.evidencevault.common.RuleViolation;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Builds the vault's problem documents (RFC 9457): the one place their type URN is made
 * ({@code urn:evidence-vault:problem:<kind>}), and violations naming field and rule. Details are fixed
 * texts or built from field paths and rule names: never a value from the request.
 */
public final class Problems {

    public static final String TYPE_PREFIX = "urn:evidence-vault:problem:";

    private Problems() {
    }

    /** The type URN of problems of this kind. */
    public static URI type(String kind) {
        return URI.create(TYPE_PREFIX + kind);
    }

    public static ProblemDetail of(HttpStatus status, String kind, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(type(kind));
        p.setTitle(title);
        return p;
    }

    /**
     * The problem as it is sent: {@code type, title, status, detail} and the extension members (such as
     * {@code violations}), never {@code instance}: Spring would fill it with the request's path, and a path
     * carries what the request sent (ids, names).
     */
    public static Map<String, Object> body(ProblemDetail p) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("type", p.getType().toString());
        if (p.getTitle() != null) {
            body.put("title", p.getTitle());
        }
        body.put("status", p.getStatus());
        if (p.getDetail() != null) {
            body.put("detail", p.getDetail());
        }
        if (p.getProperties() != null) {
            p.getProperties().forEach(body::putIfAbsent);
        }
        return body;
    }

    public static ProblemDetail invalid(HttpStatus status, String kind, String title, List<RuleViolation> violations) {
        String detail = violations.size() == 1
                ? violations.get(0).field() + ": " + violations.get(0).message() + " (rule " + violations.get(0).rule() + ")"
                : violations.size() + " rules broken; see violations";
        ProblemDetail p = of(status, kind, title, detail);
        p.setProperty("violations", violations.stream()
                .map(v -> Map.of("field", v.field(), "rule", v.rule(), "message", v.message())).toList());
        return p;
    }

    /** The kind of a plain HTTP status (e.g. {@code method-not-allowed}), for Spring's own errors. */
    public static String kindOf(int status) {
        HttpStatus s = HttpStatus.resolve(status);
        return s == null ? "http-" + status : s.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}

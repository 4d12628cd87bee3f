package org.evidencevault.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.evidencevault.common.RuleViolation;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Builds the vault's problem documents: a URN type per problem kind, and violations naming field and rule. */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String kind, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create("urn:evidence-vault:problem:" + kind));
        p.setTitle(title);
        return p;
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
}

package org.evidencevault.ui;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.common.RuleViolation;

/**
 * A page's form, as its handler reads it: fields from the body only (a name in an address ends up in access and proxy
 * logs, browser history and Referer headers, and Spring binds request parameters from the query string too), the
 * version it was made for, and the rule violations the domain returns, one per form field in the form's order.
 */
final class FormBody {

    private FormBody() {
    }

    /** Refuses a request whose fields could come from its address. */
    static void requireBodyOnly(HttpServletRequest request) {
        if (request.getQueryString() != null) {
            throw new InvalidInputException("query", "form-body-only", "a form sends its fields in its body, never in the address");
        }
    }

    /** A field of the form's body (never of the address). */
    static String field(HttpServletRequest request, String name) {
        requireBodyOnly(request);
        return request.getParameter(name);
    }

    /** The version of the record the form was made for. */
    static long version(HttpServletRequest request) {
        String v = field(request, "version");
        try {
            return Long.parseLong(v == null ? "" : v.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("version", "integer", "must be a whole number");
        }
    }

    /**
     * The first violation of each form field, in the form's {@code order}: {@code fieldOf} maps a domain field (its
     * leading dot dropped, as a nested value reports it) to the form field that shows it.
     */
    static Map<String, RuleViolation> byField(List<RuleViolation> violations, List<String> order, UnaryOperator<String> fieldOf) {
        Map<String, RuleViolation> first = new java.util.HashMap<>();
        for (RuleViolation v : violations) {
            String field = v.field().startsWith(".") ? v.field().substring(1) : v.field();
            first.putIfAbsent(fieldOf.apply(field), new RuleViolation(field, v.rule(), v.message()));
        }
        Map<String, RuleViolation> byField = new LinkedHashMap<>();
        for (String f : order) {
            if (first.containsKey(f)) {
                byField.put(f, first.get(f));
            }
        }
        return byField;
    }
}

package org.evidencevault.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.evidencevault.common.TextRules;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Query parameters the API does not define are refused, not ignored: {@code ?defenderName[$ne]=x} is a
 * 400 naming the parameter (when its name looks like one), never a list of everything. The parameters an
 * endpoint defines are read once per handler from its {@code @RequestParam}s. Values must be free text
 * ({@link TextRules}).
 */
final class StrictParameters implements HandlerInterceptor {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    /** Spring Security's CSRF token parameter: browsers may send it on any request of a session. */
    private static final String CSRF = "_csrf";

    private final Map<java.lang.reflect.Method, Set<String>> allowed = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        Set<String> names = allowed.computeIfAbsent(method.getMethod(), m -> names(method));
        for (Map.Entry<String, String[]> p : request.getParameterMap().entrySet()) {
            String name = p.getKey();
            if (name.equals(CSRF)) {
                continue;
            }
            boolean safe = NAME.matcher(name).matches();
            if (names != null && !names.contains(name)) {
                throw new InvalidParameterException(safe ? name : "query", "unknown-parameter",
                        safe ? "is not a parameter of this endpoint" : "the query holds a parameter this endpoint does not define");
            }
            for (String value : p.getValue()) {
                String problem = TextRules.freeTextProblem(value);
                if (problem != null) {
                    throw new InvalidParameterException(safe ? name : "query", TextRules.FORBIDDEN, problem);
                }
            }
        }
        return true;
    }

    /** The parameter names the handler declares; null when it takes them all (a {@code Map} parameter). */
    private static Set<String> names(HandlerMethod method) {
        Set<String> names = new HashSet<>();
        for (MethodParameter p : method.getMethodParameters()) {
            RequestParam rp = p.getParameterAnnotation(RequestParam.class);
            if (rp == null) {
                continue;
            }
            if (Map.class.isAssignableFrom(p.getParameterType())) {
                return null;
            }
            String name = !rp.name().isEmpty() ? rp.name() : !rp.value().isEmpty() ? rp.value() : p.getParameterName();
            names.add(name);
        }
        return Collections.unmodifiableSet(names);
    }
}

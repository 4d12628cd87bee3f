package org.evidencevault.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.evidencevault.support.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Defender and organisation names are what the vault protects: no endpoint under {@code /api/} takes one
 * in its URL (query parameter or path segment), where it would end up in access and proxy logs, browser
 * history and Referer headers. Searches by name take it in a POST body ({@code .../search}). Read from the
 * application's own handler mappings, so an endpoint added later is checked too.
 */
class NoNamesInUrlsTest extends ApiTestSupport {

    /** URL parameter names that would carry a person's or an organisation's name. */
    static final Pattern NAME_LIKE = Pattern.compile(
            "name|defenderName|fullName|organi[sz]ation|organi[sz]ationName|alias", Pattern.CASE_INSENSITIVE);

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void noApiEndpointTakesANameInItsUrl() {
        List<String> offenders = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
            List<String> apiPaths = e.getKey().getPatternValues().stream().filter(p -> p.startsWith("/api/")).toList();
            if (apiPaths.isEmpty()) {
                continue;
            }
            String endpoint = e.getKey().getMethodsCondition() + " " + apiPaths;
            for (String name : urlParameters(e.getValue())) {
                seen.add(name);
                if (NAME_LIKE.matcher(name).matches() || name.equals("*")) {
                    offenders.add(endpoint + " takes '" + name + "' in the URL");
                }
            }
        }
        // not vacuous: the URL parameters of the API were found (paging, and a public addressee's name)
        assertThat(seen).contains("page", "size", "id", "addresseeName");
        assertThat(offenders).as("names go in a POST body (.../search), never in a URL").isEmpty();
    }

    @Test
    void theNamePatternCatchesTheNamesItIsAbout() {
        for (String name : List.of("name", "Name", "defenderName", "DEFENDERNAME", "fullName", "organisation",
                "organisationName", "organization", "alias")) {
            assertThat(NAME_LIKE.matcher(name).matches()).as(name).isTrue();
        }
        for (String name : List.of("page", "size", "id", "addressee", "addresseeName", "ref", "mandate")) {
            assertThat(NAME_LIKE.matcher(name).matches()).as(name).isFalse();
        }
    }

    /**
     * The names the handler reads from the query string or the path: {@code @RequestParam} and
     * {@code @PathVariable} names, simple-typed parameters without annotation (Spring binds them from the
     * query too), the properties of {@code @ModelAttribute} objects; {@code *} for a parameter map, which
     * takes any parameter.
     */
    private static List<String> urlParameters(HandlerMethod method) {
        List<String> names = new ArrayList<>();
        for (MethodParameter p : method.getMethodParameters()) {
            p.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
            RequestParam rp = p.getParameterAnnotation(RequestParam.class);
            PathVariable pv = p.getParameterAnnotation(PathVariable.class);
            if (rp != null) {
                names.add(Map.class.isAssignableFrom(p.getParameterType()) ? "*" : name(rp.name(), rp.value(), p));
            } else if (pv != null) {
                names.add(Map.class.isAssignableFrom(p.getParameterType()) ? "*" : name(pv.name(), pv.value(), p));
            } else if (p.hasParameterAnnotation(ModelAttribute.class)) {
                names.addAll(properties(p.getParameterType()));
            } else if (!p.hasParameterAnnotation(RequestBody.class) && !p.hasParameterAnnotation(RequestHeader.class)
                    && BeanUtils.isSimpleProperty(p.getParameterType())) {
                names.add(p.getParameterName());
            }
        }
        return names;
    }

    private static String name(String name, String value, MethodParameter p) {
        return !name.isEmpty() ? name : !value.isEmpty() ? value : p.getParameterName();
    }

    private static List<String> properties(Class<?> type) {
        List<String> names = new ArrayList<>();
        if (type.isRecord()) {
            for (var c : type.getRecordComponents()) {
                names.add(c.getName());
            }
            return names;
        }
        for (PropertyDescriptor d : BeanUtils.getPropertyDescriptors(type)) {
            if (d.getWriteMethod() != null) {
                names.add(d.getName());
            }
        }
        return names;
    }
}

package org.evidencevault.ui;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.springframework.web.servlet.LocaleResolver;

/**
 * The language of a page: the one chosen with the switch (kept in a cookie), else the first of the browser's
 * {@code Accept-Language} the vault speaks, else English. Only Spanish, English and French: never the server's own
 * locale, and never whatever a request claims.
 */
final class Languages implements LocaleResolver {

    static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.forLanguageTag("es"), Locale.FRENCH);
    static final String COOKIE = "vault-lang";

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        Locale chosen = supported(cookie(request));
        if (chosen != null) {
            return chosen;
        }
        for (Locale wanted : Collections.list(request.getLocales())) {
            Locale match = supported(wanted.getLanguage());
            if (match != null) {
                return match;
            }
        }
        return Locale.ENGLISH;
    }

    @Override
    public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
        Locale chosen = locale == null ? null : supported(locale.getLanguage());
        if (chosen == null) {
            return;
        }
        Cookie c = new Cookie(COOKIE, chosen.getLanguage());
        c.setPath("/");
        c.setMaxAge(365 * 24 * 3600);
        c.setHttpOnly(true);
        c.setSecure(request.isSecure());
        c.setAttribute("SameSite", "Lax");
        response.addCookie(c);
    }

    /** The supported locale of this language code, or null. */
    static Locale supported(String language) {
        if (language == null) {
            return null;
        }
        return SUPPORTED.stream().filter(l -> l.getLanguage().equals(language)).findFirst().orElse(null);
    }

    private static String cookie(HttpServletRequest request) {
        if (request.getCookies() == null) {
            return null;
        }
        for (Cookie c : request.getCookies()) {
            if (COOKIE.equals(c.getName())) {
                return c.getValue();
            }
        }
        return null;
    }
}

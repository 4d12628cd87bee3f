package org.evidencevault.ui;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The language switch in every page's header: a form (it works without JavaScript, and a GET never changes state)
 * that keeps the choice in a cookie and goes back to the page it came from, only ever a local path.
 */
@Controller
class LanguageSwitch {

    private final org.springframework.web.servlet.LocaleResolver languages;

    LanguageSwitch(org.springframework.web.servlet.LocaleResolver languages) {
        this.languages = languages;
    }

    @PostMapping("/language")
    org.springframework.web.servlet.view.RedirectView choose(@RequestParam String lang, @RequestParam(required = false) String back,
                                                             HttpServletRequest request, HttpServletResponse response) {
        languages.setLocale(request, response, Languages.supported(lang));
        return redirect(localPath(back));
    }

    /** A redirect to a local path, relative to the context and taken as it is (no URI template expansion of a form's text). */
    static org.springframework.web.servlet.view.RedirectView redirect(String localPath) {
        org.springframework.web.servlet.view.RedirectView to = new org.springframework.web.servlet.view.RedirectView(localPath, true);
        to.setExpandUriTemplateVariables(false);
        return to;
    }

    /** {@code back} if it is a path of this vault ("/..." but not "//..." or "/\..."), else the home page. */
    static String localPath(String back) {
        if (back == null || !back.startsWith("/") || back.startsWith("//") || back.startsWith("/\\") || back.length() > 500
                || back.chars().anyMatch(ch -> ch < 0x21 || ch == 0x7f)) {
            return "/";
        }
        return back;
    }
}

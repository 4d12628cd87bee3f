package org.evidencevault.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.evidencevault.common.DemoTotpSecrets;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The login pages, server-rendered and working without JavaScript (the passkey button needs it): the
 * password form; the second factor (an authenticator code, or a passkey); enrolling a second factor for an
 * account that has none yet. The TOTP step merges its factor into the password login of the same account,
 * changes the session id and registers the session.
 */
@Controller
class LoginPages {

    private final AccountService accounts;
    private final PasswordLoginProvider passwords;
    private final AccessAddresses addresses;
    private final LoginCompletion completion;
    private final PasskeyStore passkeys;
    private final boolean demo;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    private final HttpSessionRequestCache requestCache = new HttpSessionRequestCache();

    LoginPages(AccountService accounts, PasswordLoginProvider passwords, AccessAddresses addresses, LoginCompletion completion,
               PasskeyStore passkeys, org.springframework.core.env.Environment env) {
        this.demo = env.acceptsProfiles(org.springframework.core.env.Profiles.of("demo"));
        this.accounts = accounts;
        this.passwords = passwords;
        this.addresses = addresses;
        this.completion = completion;
        this.passkeys = passkeys;
    }

    @GetMapping("/login")
    String login(Model model) {
        model.addAttribute("demo", demo);
        return "login";
    }

    @GetMapping(SecurityConfiguration.SECOND_FACTOR_PAGE)
    String secondFactor(Model model, Authentication auth) {
        Account account = accounts.find(auth.getName()).orElseThrow();
        model.addAttribute("totp", account.totpEnrolled());
        model.addAttribute("passkeys", !passkeys.list(account.username()).isEmpty());
        model.addAttribute("username", account.username());
        if (demo && account.totpEnrolled() && DemoTotpSecrets.BY_ACCOUNT.containsKey(account.username())) {
            // demo profile only: the published secret's current code, so a newcomer can try the vault at once
            model.addAttribute("demoCode", org.evidencevault.crypto.Totp.code(
                    org.evidencevault.crypto.Totp.fromBase32(DemoTotpSecrets.BY_ACCOUNT.get(account.username())), java.time.Instant.now()));
        }
        return "second-factor";
    }

    @PostMapping("/login/totp")
    String totp(@RequestParam String code, Authentication auth, HttpServletRequest request, HttpServletResponse response) {
        Account account = accounts.find(auth.getName()).filter(Account::active).orElse(null);
        if (account == null || !passwords.checkTotp(account, code, addresses.of(request))) {
            return "redirect:" + SecurityConfiguration.SECOND_FACTOR_PAGE + "?error";
        }
        return complete(auth, request, response);
    }

    /** Adds the authenticator-code factor to this login of the same account, registers the session, goes on. */
    private String complete(Authentication auth, HttpServletRequest request, HttpServletResponse response) {
        Authentication merged = auth.toBuilder()
                .authorities(a -> a.add(FactorGrantedAuthority.fromAuthority(Factors.TOTP))).build();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(merged);
        SecurityContextHolder.setContext(context);
        completion.completed(request, merged);
        contexts.saveContext(context, request, response);
        SavedRequest saved = requestCache.getRequest(request, response);
        requestCache.removeRequest(request, response);
        return "redirect:" + (saved == null ? "/" : localPart(saved.getRedirectUrl()));
    }

    /**
     * The path and query of a saved request's URL: the saved URL was built from the request's Host header,
     * which a client chooses, so only the local part is followed.
     */
    static String localPart(String url) {
        try {
            java.net.URI u = new java.net.URI(url);
            String path = u.getRawPath() == null || !u.getRawPath().startsWith("/") || u.getRawPath().startsWith("//") ? "/" : u.getRawPath();
            return path + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        } catch (java.net.URISyntaxException e) {
            return "/";
        }
    }

    @GetMapping(SecurityConfiguration.ENROL_PAGE)
    String enrol(Model model, Authentication auth) {
        Account account = accounts.find(auth.getName()).orElseThrow();
        model.addAttribute("pending", account.enrolmentPending());
        return "enrol";
    }

    @PostMapping(SecurityConfiguration.ENROL_PAGE + "/totp")
    String beginTotp(Model model, Authentication auth) {
        AccountService.TotpEnrolment e = accounts.beginTotpEnrolment(actor(auth));
        model.addAttribute("secret", e.secret());
        model.addAttribute("uri", e.uri());
        model.addAttribute("pending", true);
        return "enrol";
    }

    /**
     * Confirms a new authenticator with its current code. For a login still at its first factor, that code
     * is the second factor too (it proves the authenticator just enrolled), and the login completes.
     */
    @PostMapping(SecurityConfiguration.ENROL_PAGE + "/totp/confirm")
    String confirmTotp(@RequestParam String code, Authentication auth, HttpServletRequest request, HttpServletResponse response) {
        try {
            accounts.confirmTotp(actor(auth), code);
        } catch (org.evidencevault.common.InvalidInputException e) {
            return "redirect:" + SecurityConfiguration.ENROL_PAGE + "?error";
        }
        return Factors.both(auth) ? "redirect:/" : complete(auth, request, response);
    }

    private org.evidencevault.common.Actor actor(Authentication auth) {
        Account a = accounts.find(auth.getName()).orElseThrow();
        return new org.evidencevault.common.Actor(a.username(), a.roles());
    }
}

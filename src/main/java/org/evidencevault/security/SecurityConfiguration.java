package org.evidencevault.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.evidencevault.audit.Audited;
import org.evidencevault.common.Role;
import org.evidencevault.problems.Problems;
import org.evidencevault.web.WebProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.authorization.EnableMultiFactorAuthentication;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationFilter;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;

/**
 * One filter chain for browsers and API clients, where everything protected needs two factors.
 *
 * <p>Browsers: the login form checks the password ({@link PasswordLoginProvider}: throttled, recorded);
 * that opens only the second-factor step, where a passkey (Spring Security's WebAuthn, user verification
 * required, the counter checked by {@link PasskeyStore}) or an authenticator code (TOTP) completes the
 * login. Spring Security merges the second factor into the first only for the same account. An account
 * that still has to enrol a second factor may, with its password, reach the enrolment step and nothing
 * else. Sessions are registered and checked on every request ({@link SessionCheckFilter}); CSRF is on.
 *
 * <p>API clients send {@code Authorization: Bearer} (no session, no CSRF); tokens are issued only after
 * both factors ({@code POST /api/v1/auth/token} with password and code, or from a logged-in session). Under
 * {@code /api/**} and {@code /actuator/**} failures are RFC 9457 problems (401/403), never a redirect.
 *
 * <p>The metrics ({@code GET /actuator/prometheus}) are for the scraper's own token ({@link MetricsScrapeToken}) or an
 * ADMIN with both factors; health is open (UP or DOWN only, details for ADMIN and AUDITOR).
 */
@Configuration(proxyBeanMethods = false)
@EnableMultiFactorAuthentication(authorities = {})
class SecurityConfiguration {

    static final String TOKEN_ENDPOINT = "/api/v1/auth/token";
    static final String SECOND_FACTOR_PAGE = "/login/second-factor";
    static final String ENROL_PAGE = "/account/second-factor";

    /** Argon2id with Spring Security 5.8 defaults (16 MiB, 2 iterations, 16-byte salt, 32-byte hash). */
    @Bean
    PasswordEncoder passwordEncoder() {
        return Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    }

    /** A request the firewall refuses (an encoded slash, a path with "..") gets a problem document, not the container's page. */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ProblemResponses problems) {
        return (request, response, e) -> problems.write(response, ProblemResponses.problem(HttpStatus.BAD_REQUEST,
                Problems.type("request-rejected"), "Request refused", "the request's path or headers are not allowed"));
    }

    /** The passkey relying party: user verification required on registration and on every login. */
    @Bean
    WebAuthnRelyingPartyOperations relyingParty(PasskeyUsers users, PasskeyStore passkeys, SecurityProperties props, WebProperties web) {
        Webauthn4JRelyingPartyOperations ops = new Webauthn4JRelyingPartyOperations(users, passkeys,
                PublicKeyCredentialRpEntity.builder().id(props.rpId(web)).name("Evidence Vault").build(), props.origins(web));
        ops.setCustomizeRequestOptions(o -> o.userVerification(UserVerificationRequirement.REQUIRED));
        ops.setCustomizeCreationOptions(o -> o.authenticatorSelection(AuthenticatorSelectionCriteria.builder()
                .userVerification(UserVerificationRequirement.REQUIRED).residentKey(ResidentKeyRequirement.REQUIRED).build()));
        return ops;
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ApiTokens tokens, ProblemResponses problems, Audited audited,
                                            AccessAddresses addresses, PasswordLoginProvider passwords, LoginCompletion completion,
                                            SessionRegistry sessions, AccountService accounts, SecurityProperties props,
                                            WebProperties web, Clock clock, Environment env, PasskeyStore passkeyStore,
                                            org.springframework.beans.factory.ObjectProvider<org.evidencevault.access.AccessPolicy> access,
                                            org.springframework.beans.factory.ObjectProvider<org.evidencevault.access.CurrentActor> currentActor)
            throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        // the actuator answers machines too: a 401 or 403 problem, never a redirect to the login page
        RequestMatcher api = new OrRequestMatcher(paths.matcher("/api/**"), paths.matcher("/v3/api-docs"), paths.matcher("/v3/api-docs/**"),
                paths.matcher("/actuator/**"));
        MetricsScrapeToken scrape = new MetricsScrapeToken(props.metricsScrapeTokenSha256());
        RequestMatcher tokenEndpoint = paths.matcher(HttpMethod.POST, TOKEN_ENDPOINT);
        RequestMatcher bearer = BearerTokenFilter::hasBearerHeader;
        boolean demo = env.acceptsProfiles(Profiles.of("demo"));

        // Remember the page a browser wanted before the login form; never for the API, where it
        // would only open a session per unauthenticated call.
        HttpSessionRequestCache requestCache = new HttpSessionRequestCache();
        requestCache.setRequestMatcher(new AndRequestMatcher(
                paths.matcher(HttpMethod.GET, "/**"),
                new NegatedRequestMatcher(api),
                new NegatedRequestMatcher(paths.matcher("/login/**")),
                new NegatedRequestMatcher(paths.matcher("/account/second-factor/**")),
                new NegatedRequestMatcher(new RequestHeaderRequestMatcher("X-Requested-With", "XMLHttpRequest"))));

        // a context-relative Location, never one built from the request's Host header
        LoginUrlAuthenticationEntryPoint loginPage = new LoginUrlAuthenticationEntryPoint("/login");
        loginPage.setFavorRelativeUris(true);

        AuthorizationManager<RequestAuthorizationContext> twoFactors =
                (auth, context) -> new AuthorizationDecision(Factors.both(auth.get()));
        // a password reaches the enrolment step only while the account has no second factor yet
        // (a phished password must not be enough to add one)
        AuthorizationManager<RequestAuthorizationContext> enrolment = (auth, context) -> new AuthorizationDecision(
                Factors.both(auth.get()) || Factors.password(auth.get())
                        && accounts.find(auth.get().getName()).map(Account::enrolmentPending).orElse(false));
        AuthorizationManager<RequestAuthorizationContext> passwordOnly =
                (auth, context) -> new AuthorizationDecision(Factors.password(auth.get()));
        // the metrics: the scraper's own token, or an ADMIN with both factors (session or API token); never anyone else
        AuthorizationManager<RequestAuthorizationContext> metrics = (auth, context) -> new AuthorizationDecision(
                MetricsScrapeToken.isScraper(auth.get()) || Factors.both(auth.get()) && Factors.has(auth.get(), "ROLE_" + Role.ADMIN.name()));

        http
                .authenticationProvider(passwords)
                .authorizeHttpRequests(authorize -> {
                    authorize.requestMatchers("/actuator/health", "/actuator/health/**", "/login", "/error",
                            "/assets/**", "/vendor/**", "/favicon.ico").permitAll();
                    authorize.requestMatchers(HttpMethod.POST, TOKEN_ENDPOINT, "/webauthn/authenticate/options", "/login/webauthn", "/language")
                            .permitAll();
                    if (demo) {
                        authorize.requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll();
                    }
                    authorize.requestMatchers(SECOND_FACTOR_PAGE, "/login/totp").access(passwordOnly);
                    authorize.requestMatchers(ENROL_PAGE, ENROL_PAGE + "/**", "/webauthn/register/options", "/webauthn/register")
                            .access(enrolment);
                    authorize.requestMatchers(HttpMethod.GET, MetricsScrapeToken.PATH).access(metrics);
                    authorize.requestMatchers(HttpMethod.POST, "/logout").authenticated();
                    authorize.anyRequest().access(twoFactors);
                })
                .formLogin(form -> form.loginPage("/login")
                        .successHandler((request, response, auth) -> {
                            request.getSession().setAttribute(SessionCheckFilter.PASSWORD_AT, clock.instant());
                            boolean pending = accounts.find(auth.getName()).map(Account::enrolmentPending).orElse(true);
                            response.sendRedirect(request.getContextPath() + (pending ? ENROL_PAGE : SECOND_FACTOR_PAGE));
                        })
                        .failureUrl("/login?error"))
                .webAuthn(passkeys -> passkeys
                        .rpName("Evidence Vault").rpId(props.rpId(web)).allowedOrigins(props.origins(web))
                        .disableDefaultRegistrationPage(true)
                        .withObjectPostProcessor(new ObjectPostProcessor<WebAuthnAuthenticationFilter>() {
                            @Override
                            public <O extends WebAuthnAuthenticationFilter> O postProcess(O filter) {
                                filter.setSessionAuthenticationStrategy(new StepUpAwareSessionStrategy(new ChangeSessionIdAuthenticationStrategy()));
                                filter.setAuthenticationSuccessHandler((request, response, auth) -> {
                                    if (StepUpAwareSessionStrategy.steppedUp(request)) {
                                        // a passkey again, in a session that had both factors: a step-up, not a new login
                                        try {
                                            completion.steppedUp(request, auth);
                                        } catch (RuntimeException e) {
                                            // fail closed: the fresh factor is already in the session, so the session ends
                                            request.getSession().invalidate();
                                            problems.writeUnavailable(response, "the step-up could not be recorded in the audit log");
                                            return;
                                        }
                                        writeJson(response, "{\"authenticated\":true,\"steppedUp\":true}");
                                        return;
                                    }
                                    if (!Factors.password(auth)) {
                                        // a passkey alone is one factor here: the password comes first
                                        completion.failed();
                                        request.getSession().invalidate();
                                        problems.writeUnauthorized(response, ProblemResponses.unauthenticated(), "Form");
                                        return;
                                    }
                                    completion.completed(request, auth);
                                    writeJson(response, "{\"authenticated\":true,\"redirectUrl\":\"" + request.getContextPath() + "/\"}");
                                });
                                filter.setAuthenticationFailureHandler((request, response, e) -> {
                                    completion.failed();
                                    problems.writeUnauthorized(response, ProblemResponses.secondFactorRequired(), "Form");
                                });
                                return filter;
                            }
                        }))
                .logout(logout -> logout.addLogoutHandler((request, response, auth) -> {
                    if (auth != null && request.getSession(false) != null) {
                        accounts.find(auth.getName()).ifPresent(a -> sessions.close(request.getSession(false),
                                new org.evidencevault.common.Actor(a.username(), a.roles())));
                    }
                }))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                .requestCache(cache -> cache.requestCache(requestCache))
                .csrf(csrf -> csrf.ignoringRequestMatchers(bearer, tokenEndpoint))
                .cors(cors -> cors.disable())
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; script-src 'self'; style-src 'self'; "
                                + "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .frameOptions(f -> f.deny())
                        .contentTypeOptions(c -> { })
                        .httpStrictTransportSecurity(h -> h.includeSubDomains(true).maxAgeInSeconds(31_536_000))
                        .permissionsPolicyHeader(p -> p.policy("camera=(), microphone=(), geolocation=(), payment=(), usb=()")))
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor((request, response, e) -> problems.writeUnauthorized(
                                response, ProblemResponses.unauthenticated(), ApiTokens.TOKEN_TYPE), api)
                        .defaultAuthenticationEntryPointFor(loginPage, new NegatedRequestMatcher(api))
                        .defaultAccessDeniedHandlerFor((request, response, e) -> {
                            Authentication auth = org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
                            if (Factors.password(auth) && !Factors.both(auth)) {
                                problems.writeUnauthorized(response, ProblemResponses.secondFactorRequired(), ApiTokens.TOKEN_TYPE);
                            } else {
                                problems.write(response, ProblemResponses.forbidden());
                            }
                        }, api)
                        .defaultAccessDeniedHandlerFor((request, response, e) -> {
                            Authentication auth = org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
                            if (Factors.password(auth) && !Factors.both(auth)) {
                                boolean pending = accounts.find(auth.getName()).map(Account::enrolmentPending).orElse(true);
                                response.sendRedirect(request.getContextPath() + (pending ? ENROL_PAGE : SECOND_FACTOR_PAGE));
                            } else {
                                response.sendError(HttpStatus.FORBIDDEN.value());
                            }
                        }, new NegatedRequestMatcher(api)))
                .addFilterBefore(new BearerTokenFilter(tokens, problems, audited, addresses, scrape), CsrfFilter.class)
                .addFilterAfter(new SessionCheckFilter(sessions, accounts, props, clock), SecurityContextHolderFilter.class)
                // Spring's passkey-registration options are answered before the authorization rules run: the
                // same enrolment rule is applied here first, so a phished password gets no options either
                // and a passkey is added next to an existing one only right after using one: a session phished in real time
                // (password and code relayed) cannot add its own passkey and then pass every step-up with it
                .addFilterAfter(new RegistrationGate(paths.matcher(HttpMethod.POST, "/webauthn/register/options"),
                        auth -> enrolment.authorize(() -> auth, null).isGranted()
                                && (!Factors.both(auth) || passkeyStore.list(auth.getName()).isEmpty()
                                || access.getObject().hasRecentPasskey(currentActor.getObject().get(), clock.instant())), problems),
                        SessionCheckFilter.class);
        return http.build();
    }

    private static void writeJson(HttpServletResponse response, String json) throws IOException {
        response.setStatus(200);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json);
    }
}

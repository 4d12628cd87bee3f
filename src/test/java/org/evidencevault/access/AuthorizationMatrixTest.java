package org.evidencevault.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.evidencevault.common.Role.ADMIN;
import static org.evidencevault.common.Role.AUDITOR;
import static org.evidencevault.common.Role.PROTECTION_OFFICER;
import static org.evidencevault.common.Role.RAPPORTEUR;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.lang.reflect.Parameter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.evidencevault.common.DemoTeams;
import org.evidencevault.common.Role;
import org.evidencevault.support.ApiTestSupport;
import org.evidencevault.support.SeedCaseRequests;
import org.evidencevault.support.TestUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The authorization matrix, generated from the application's own endpoint mappings: every (HTTP method, path
 * pattern) under {@code /api/v1/} or {@code /actuator} that the MVC handler mappings serve has a rule in {@link #RULES} (which roles are
 * refused at role level with 403, which get past authorisation), and every rule names an endpoint that exists.
 * Each endpoint is then called as each of the four account roles with a request that would get past input
 * validation (placeholders filled with ids nobody ever used, a minimal valid JSON body, {@code If-Match}, CSRF), so
 * the answer is the authorisation decision and nothing else.
 *
 * <p>The rules are written out here on purpose, not read from {@link RoleBasedAccessPolicy}: they are what the
 * README and the services' permission checks say (ADMIN: accounts, keys, integrity alarms, no decrypted reads;
 * AUDITOR: audit functions only; PROTECTION_OFFICER: the team's records; RAPPORTEUR: reads shared records and
 * records UN letters), so a change to the grants that would let a role through shows up here.
 *
 * <p>The need-to-know part checks, for the record endpoints and one fresh case of {@code geneva-desk} per test,
 * that a record is reachable by a get exactly when the lists and searches contain it, and that otherwise every
 * single-record endpoint answers the same 404 as an unknown id; changes by actors who may not reach the record
 * are refused and change nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest extends ApiTestSupport {

    private static final String API = "/api/v1/";
    private static final String ACTUATOR = "/actuator";
    private static final String GENEVA = DemoTeams.GENEVA;
    private static final String MEXICO = DemoTeams.MEXICO;

    /** The roles an account can hold, each of which is tried on every endpoint. */
    private static final List<Role> ROLES = List.of(PROTECTION_OFFICER, RAPPORTEUR, AUDITOR, ADMIN);

    // ---- the expected rules ---------------------------------------------------------------------------

    enum Kind {
        /** Refused with 403 to every role not listed (the service requires a permission). */
        ROLE_GATED,
        /** A caller's own account or token: any authenticated role gets past authorisation. */
        SELF_SERVICE,
        /** No login needed (the token request): no role is refused. */
        PUBLIC,
        /** Only from a logged-in browser session: refused (403) to a bearer-token caller, whatever the role. */
        SESSION_ONLY
    }

    /** {@code stepUp}: an allowed role without a fresh passkey confirmation is answered 401 step-up-required. */
    record Rule(Kind kind, Set<Role> allowed, String why, boolean stepUp) {
        Rule(Kind kind, Set<Role> allowed, String why) {
            this(kind, allowed, why, false);
        }

        boolean refuses(Role role) {
            return !allowed.contains(role);
        }
    }

    private static final Set<Role> OFFICERS = EnumSet.of(PROTECTION_OFFICER);
    private static final Set<Role> READERS = EnumSet.of(PROTECTION_OFFICER, RAPPORTEUR);
    private static final Set<Role> RAPPORTEURS = EnumSet.of(RAPPORTEUR);
    private static final Set<Role> AUDITORS = EnumSet.of(AUDITOR);
    private static final Set<Role> ADMINS = EnumSet.of(ADMIN);
    private static final Set<Role> ANYONE = EnumSet.copyOf(ROLES);
    private static final Set<Role> NOBODY = EnumSet.noneOf(Role.class);

    private static Map.Entry<String, Rule> gated(String endpoint, Set<Role> allowed, String permission) {
        return Map.entry(endpoint, new Rule(Kind.ROLE_GATED, allowed, permission));
    }

    /** Role-gated, and then (irreversible acts) a recent passkey confirmation needed. */
    private static Map.Entry<String, Rule> gatedStepUp(String endpoint, Set<Role> allowed, String permission) {
        return Map.entry(endpoint, new Rule(Kind.ROLE_GATED, allowed, permission + " + step-up", true));
    }

    private static Map.Entry<String, Rule> self(String endpoint) {
        return Map.entry(endpoint, new Rule(Kind.SELF_SERVICE, ANYONE, "own account"));
    }

    /** Keyed by {@code "METHOD /path/pattern"} exactly as the handler mappings spell it. */
    static final Map<String, Rule> RULES = new TreeMap<>(Map.ofEntries(
            // incidents (IncidentService): INCIDENT_READ officers and rapporteurs, INCIDENT_WRITE officers
            gated("GET /api/v1/incidents", READERS, "INCIDENT_READ"),
            gated("POST /api/v1/incidents/search", READERS, "INCIDENT_READ"),
            gated("GET /api/v1/incidents/{id}", READERS, "INCIDENT_READ"),
            gated("POST /api/v1/incidents", OFFICERS, "INCIDENT_WRITE"),
            gated("PUT /api/v1/incidents/{id}", OFFICERS, "INCIDENT_WRITE"),
            gated("PUT /api/v1/incidents/{id}/sharing", OFFICERS, "INCIDENT_WRITE"),
            // defenders (DefenderService)
            gated("GET /api/v1/defenders/{id}", READERS, "DEFENDER_READ"),
            gated("POST /api/v1/defenders/search", READERS, "DEFENDER_READ"),
            gated("POST /api/v1/defenders", OFFICERS, "DEFENDER_WRITE"),
            gated("PUT /api/v1/defenders/{id}", OFFICERS, "DEFENDER_WRITE"),
            gatedStepUp("DELETE /api/v1/defenders/{id}", OFFICERS, "DEFENDER_ERASE"),
            gated("POST /api/v1/defenders/{id}/erasure-requests", OFFICERS, "DEFENDER_ERASE"),
            // evidence items (EvidenceService): officers of the team register and send bytes; readers see; bytes after a step-up
            gated("POST /api/v1/incidents/{id}/evidence", OFFICERS, "EVIDENCE_WRITE"),
            gated("GET /api/v1/incidents/{id}/evidence", READERS, "EVIDENCE_READ"),
            gated("GET /api/v1/evidence/{id}", READERS, "EVIDENCE_READ"),
            gated("HEAD /api/v1/evidence/{id}/content", OFFICERS, "EVIDENCE_WRITE"),
            gated("PATCH /api/v1/evidence/{id}/content", OFFICERS, "EVIDENCE_WRITE"),
            gatedStepUp("GET /api/v1/evidence/{id}/content", READERS, "EVIDENCE_READ"),
            gatedStepUp("GET /api/v1/evidence/{id}/preview", READERS, "EVIDENCE_READ"),
            gated("GET /api/v1/evidence/{id}/custody", READERS, "EVIDENCE_READ"),
            gated("POST /api/v1/evidence/{id}/disposal-requests", OFFICERS, "EVIDENCE_WRITE"),
            gatedStepUp("DELETE /api/v1/evidence/{id}", OFFICERS, "EVIDENCE_WRITE"),
            // evidence packages (EvidencePackages): an officer of the team asks, a second one grants, the first exports
            gated("POST /api/v1/incidents/{id}/package-requests", OFFICERS, "EVIDENCE_WRITE"),
            gatedStepUp("POST /api/v1/incidents/{id}/packages", OFFICERS, "EVIDENCE_WRITE"),
            // four-eyes approvals (ApprovalService): those who may do an approvable act (officers: erasure)
            gated("GET /api/v1/approvals", OFFICERS, "DEFENDER_ERASE"),
            gated("GET /api/v1/approvals/mine", OFFICERS, "DEFENDER_ERASE"),
            gated("GET /api/v1/approvals/{id}", OFFICERS, "DEFENDER_ERASE"),
            gatedStepUp("POST /api/v1/approvals/{id}/grant", OFFICERS, "DEFENDER_ERASE"),
            gated("POST /api/v1/approvals/{id}/refuse", OFFICERS, "DEFENDER_ERASE"),
            // organisations (OrganisationService): ADMIN reads no organisation either
            gated("GET /api/v1/organisations", READERS, "ORGANISATION_READ"),
            gated("GET /api/v1/organisations/{id}", READERS, "ORGANISATION_READ"),
            gated("POST /api/v1/organisations/search", READERS, "ORGANISATION_READ"),
            gated("POST /api/v1/organisations", OFFICERS, "ORGANISATION_WRITE"),
            gated("PUT /api/v1/organisations/{id}", OFFICERS, "ORGANISATION_WRITE"),
            // UN letters (CommunicationQueries / CommunicationService): officers and rapporteurs read, rapporteurs record
            gated("GET /api/v1/communications", READERS, "COMMUNICATION_READ"),
            gated("GET /api/v1/communications/{id}", READERS, "COMMUNICATION_READ"),
            gated("GET /api/v1/communications/by-reference", READERS, "COMMUNICATION_READ"),
            gated("GET /api/v1/communications/timeline", READERS, "COMMUNICATION_READ"),
            gated("GET /api/v1/communications/awaiting-reply", READERS, "COMMUNICATION_READ"),
            gated("GET /api/v1/communications/{id}/incidents", READERS, "COMMUNICATION_READ"),
            gated("GET /api/v1/communications/{id}/cited-by", READERS, "COMMUNICATION_READ"),
            gated("GET /api/v1/communications/{id}/documents", READERS, "COMMUNICATION_READ"),
            gated("GET /api/v1/incidents/{id}/communications", READERS, "COMMUNICATION_READ"),
            gated("POST /api/v1/communications", RAPPORTEURS, "COMMUNICATION_WRITE"),
            gated("PUT /api/v1/communications/{id}", RAPPORTEURS, "COMMUNICATION_WRITE"),
            gated("POST /api/v1/communications/{id}/replies", RAPPORTEURS, "COMMUNICATION_WRITE"),
            gated("POST /api/v1/communications/import", RAPPORTEURS, "COMMUNICATION_WRITE"),
            // audit log (AuditQueries): AUDITOR only
            gated("GET /api/v1/audit/entries", AUDITORS, "AUDIT_READ"),
            gated("GET /api/v1/audit/checkpoints/latest", AUDITORS, "AUDIT_READ"),
            gated("GET /api/v1/audit/checkpoints/{size}", AUDITORS, "AUDIT_READ"),
            gated("GET /api/v1/audit/proofs/inclusion", AUDITORS, "AUDIT_READ"),
            gated("GET /api/v1/audit/proofs/consistency", AUDITORS, "AUDIT_READ"),
            gated("GET /api/v1/audit/keys", AUDITORS, "AUDIT_READ"),
            gated("POST /api/v1/audit/verify", AUDITORS, "AUDIT_READ"),
            gated("GET /api/v1/audit/export", AUDITORS, "AUDIT_READ"),
            // administration: ADMIN only
            gated("POST /api/v1/admin/keys/rewrap", ADMINS, "KEYS_ADMIN"),
            gated("POST /api/v1/admin/backups", ADMINS, "STORE_BACKUP"),
            gated("GET /api/v1/admin/integrity", ADMINS, "INTEGRITY_ADMIN"),
            gated("POST /api/v1/admin/integrity/acknowledge", ADMINS, "INTEGRITY_ADMIN"),
            gated("GET /api/v1/admin/accounts", ADMINS, "ACCOUNTS_ADMIN"),
            gated("POST /api/v1/admin/accounts", ADMINS, "ACCOUNTS_ADMIN"),
            gated("GET /api/v1/admin/accounts/{username}", ADMINS, "ACCOUNTS_ADMIN"),
            gated("POST /api/v1/admin/accounts/{username}/disable", ADMINS, "ACCOUNTS_ADMIN"),
            gated("POST /api/v1/admin/accounts/{username}/enable", ADMINS, "ACCOUNTS_ADMIN"),
            gated("PUT /api/v1/admin/accounts/{username}/roles", ADMINS, "ACCOUNTS_ADMIN"),
            gated("PUT /api/v1/admin/accounts/{username}/mandates", ADMINS, "ACCOUNTS_ADMIN"),
            gated("PUT /api/v1/admin/accounts/{username}/teams", ADMINS, "ACCOUNTS_ADMIN"),
            gated("POST /api/v1/admin/accounts/{username}/password-reset", ADMINS, "ACCOUNTS_ADMIN"),
            // tokens and who am I
            Map.entry("POST /api/v1/auth/token", new Rule(Kind.PUBLIC, ANYONE, "token request (no login)")),
            self("DELETE /api/v1/auth/token"),
            self("GET /api/v1/auth/whoami"),
            // account self-service
            self("GET /api/v1/account"),
            self("POST /api/v1/account/password"),
            self("GET /api/v1/account/sessions"),
            self("DELETE /api/v1/account/sessions/{id}"),
            self("GET /api/v1/account/tokens"),
            Map.entry("POST /api/v1/account/tokens", new Rule(Kind.SESSION_ONLY, NOBODY, "a token cannot make more tokens")),
            self("DELETE /api/v1/account/tokens/{id}"),
            self("GET /api/v1/account/passkeys"),
            self("DELETE /api/v1/account/passkeys/{id}"),
            self("POST /api/v1/account/totp"),
            self("POST /api/v1/account/totp/confirm"),
            self("DELETE /api/v1/account/totp"),
            // the actuator's web endpoints (management.endpoints.web.exposure; no discovery page): health says UP or
            // DOWN to anyone (components and details to ADMIN and AUDITOR, HealthAndDocsTest); the metrics to an ADMIN
            // (or the scraper's own token, MetricsEndpointTest)
            Map.entry("GET /actuator/health", new Rule(Kind.PUBLIC, ANYONE, "health: UP or DOWN")),
            Map.entry("GET /actuator/health/**", new Rule(Kind.PUBLIC, ANYONE, "health groups: none configured")),
            gated("GET /actuator/prometheus", ADMINS, "metrics (ADMIN or the scrape token)")));

    /** Query parameters that take a request past the controller's own checks to the service's permission check. */
    private static final Map<String, Map<String, String>> PARAMS = Map.of(
            "GET /api/v1/audit/entries", Map.of("from", "0", "to", "1"),
            "GET /api/v1/audit/proofs/inclusion", Map.of("seq", "0", "treeSize", "1"),
            "GET /api/v1/audit/proofs/consistency", Map.of("from", "1", "to", "2"),
            "POST /api/v1/audit/verify", Map.of("from", "0", "to", "1"),
            "GET /api/v1/audit/export", Map.of("from", "0", "to", "1"),
            "GET /api/v1/communications/by-reference", Map.of("ref", "AL OTH 1/1999"),
            "GET /api/v1/communications/timeline", Map.of("addressee", "OTH", "addresseeName", "Matrix Nobody Ltd"));

    // ---- the endpoints, from the handler mappings -------------------------------------------------------

    record Endpoint(String method, String pattern, HandlerMethod handler) {
        String key() {
            return method + " " + pattern;
        }

        @Override
        public String toString() {
            return key();
        }
    }

    @Autowired
    private ApplicationContext context;

    private Map<String, Endpoint> endpoints;
    private SeedCaseRequests seed;
    /** The account each role's caller is, made for this class (so self-service changes no demo account). */
    private final Map<Role, String> usernames = new java.util.EnumMap<>(Role.class);

    @BeforeAll
    void accountsOfTheirOwn() throws Exception {
        seed = new SeedCaseRequests(mvc, json);
        for (Role role : ROLES) {
            String username = ("matrix-" + role.name().replace('_', '-') + "-" + seed.suffix).toLowerCase(Locale.ROOT);
            ObjectNode account = json.createObjectNode().put("username", username).put("password", "quartz-lantern-" + seed.suffix);
            account.putArray("roles").add(role.name());
            MvcResult r = perform(post("/api/v1/admin/accounts").with(admin()).contentType(MediaType.APPLICATION_JSON)
                    .content(write(account)));
            assertThat(r.getResponse().getStatus()).as("create %s: %s", username, r.getResponse().getContentAsString()).isEqualTo(201);
            usernames.put(role, username);
        }
    }

    @BeforeAll
    void readTheMappings() {
        // the controllers' mappings and the actuator's (its web endpoints have a handler mapping of their own)
        Map<String, RequestMappingInfoHandlerMapping> mappings = context.getBeansOfType(RequestMappingInfoHandlerMapping.class);
        assertThat(mappings).as("RequestMappingHandlerMapping beans").containsKey("requestMappingHandlerMapping");
        Map<String, Endpoint> found = new TreeMap<>();
        for (RequestMappingInfoHandlerMapping mapping : mappings.values()) {
            for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mapping.getHandlerMethods().entrySet()) {
                Set<RequestMethod> methods = e.getKey().getMethodsCondition().getMethods();
                for (String pattern : e.getKey().getPatternValues()) {
                    if (!pattern.startsWith(API) && !pattern.startsWith(ACTUATOR)) {
                        continue;
                    }
                    if (methods.isEmpty()) {
                        // a mapping for every method: no rule can name it, so the table test reports it
                        found.put("ANY " + pattern, new Endpoint("ANY", pattern, e.getValue()));
                    }
                    for (RequestMethod m : methods) {
                        Endpoint ep = new Endpoint(m.name(), pattern, e.getValue());
                        found.put(ep.key(), ep);
                    }
                }
            }
        }
        endpoints = found;
    }

    @Test
    void everyEndpointHasExactlyOneRuleAndEveryRuleAnEndpoint() {
        Set<String> withoutRule = new TreeSet<>(endpoints.keySet());
        withoutRule.removeAll(RULES.keySet());
        Set<String> withoutEndpoint = new TreeSet<>(RULES.keySet());
        withoutEndpoint.removeAll(endpoints.keySet());
        assertThat(withoutRule).as("endpoints under %s or %s without a rule in RULES (add one)", API, ACTUATOR).isEmpty();
        assertThat(withoutEndpoint).as("rules in RULES for endpoints that no longer exist (remove them)").isEmpty();
        // the known API really is there (a mapping scan that found nothing would pass the two checks above only
        // with an empty table)
        assertThat(endpoints).hasSize(RULES.size()).containsKeys("GET /api/v1/incidents/{id}", "POST /api/v1/auth/token",
                "GET /actuator/prometheus");
    }

    @Test
    void everyRequiredInputOfAnEndpointIsSuppliedByTheMatrix() {
        List<String> missing = new ArrayList<>();
        for (Endpoint e : endpoints.values()) {
            for (Parameter p : e.handler().getMethod().getParameters()) {
                RequestParam param = p.getAnnotation(RequestParam.class);
                if (param != null && param.required() && ValueConstants.DEFAULT_NONE.equals(param.defaultValue())) {
                    String name = param.value().isEmpty() ? param.name().isEmpty() ? p.getName() : param.name() : param.value();
                    if (!PARAMS.getOrDefault(e.key(), Map.of()).containsKey(name)) {
                        missing.add(e.key() + " ?" + name);
                    }
                }
                RequestBody body = p.getAnnotation(RequestBody.class);
                if (body != null && body.required() && !bodies().containsKey(e.key())) {
                    missing.add(e.key() + " body");
                }
            }
        }
        assertThat(missing).as("required inputs the matrix does not send (a refused role would see 400/422, not 403)")
                .isEmpty();
    }

    Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Endpoint e : endpoints.values()) {
            for (Role role : ROLES) {
                all.add(Arguments.of(e, role));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("cases")
    void eachRoleIsRefusedOrLetThroughAsTheRuleSays(Endpoint endpoint, Role role) throws Exception {
        Rule rule = RULES.get(endpoint.key());
        if (rule == null) {
            fail("no rule for %s in RULES", endpoint.key());
        }
        Map<String, String> vars = placeholders(endpoint.pattern());
        MvcResult r = mvc.perform(request(endpoint, vars).with(as(roleUser(role)))).andReturn();
        int status = r.getResponse().getStatus();
        String body = r.getResponse().getContentAsString();
        String what = endpoint.key() + " as " + role + " (" + rule.kind() + ", " + rule.why() + ") -> " + status + " "
                + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        assertThat(status).as("server error: %s", what).isLessThan(500);
        if (rule.refuses(role)) {
            assertThat(status).as("refused at role level: %s", what).isEqualTo(403);
            assertThat(r.getResponse().getContentType()).as(what).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            JsonNode problem = parse(body);
            assertThat(problem.path("status").asInt()).as(what).isEqualTo(403);
            assertThat(problem.path("type").asString()).as(what).startsWith("urn:evidence-vault:problem:");
            for (String value : vars.values()) {
                assertThat(body).as("a refusal never echoes the path's id: %s", what).doesNotContain(value);
            }
        } else if (rule.stepUp()) {
            assertThat(status).as("allowed past the role, then a step-up needed: %s", what).isEqualTo(401);
            assertThat(parse(body).path("type").asString()).as(what).endsWith("step-up-required");
        } else {
            assertThat(status).as("allowed past authorisation: %s", what).isNotIn(401, 403);
            if (rule.kind() == Kind.SELF_SERVICE && status == 200 && parse(body).has("username")) {
                assertThat(parse(body).path("username").asString()).as("one's own account: %s", what).isEqualTo(usernames.get(role));
            }
        }
    }

    // ---- need-to-know over the record endpoints ------------------------------------------------------------

    enum Phase { BEFORE_SHARING, SHARED_WITH_SR_HRD, ONE_CONSENT_WITHDRAWN }

    /** Who looks, and whether they should reach the incident and its defenders. */
    record Viewer(String name, RequestPostProcessor who, boolean reaches, Refusal changes) {
    }

    /** How a change by this viewer to the case is answered. */
    enum Refusal { NONE, NOT_FOUND, FORBIDDEN }

    /** One freshly created case of geneva-desk: two defenders of one organisation named by one incident. */
    private record Case(SeedCaseRequests seed, SeedCaseRequests.Ids parties, String incident) {
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Phase.class)
    void aRecordIsReachableExactlyWhenListsAndSearchesShowIt(Phase phase) throws Exception {
        Case c = newCase();
        if (phase != Phase.BEFORE_SHARING) {
            assertThat(c.seed().shareWithRapporteur(c.incident(), 1)).isEqualTo(2);
        }
        if (phase == Phase.ONE_CONSENT_WITHDRAWN) {
            withdrawShareWithUn(c);
        }
        boolean rapporteurReaches = phase == Phase.SHARED_WITH_SR_HRD;
        List<Viewer> viewers = List.of(
                new Viewer("officer of geneva-desk", as(TestUsers.officerOf("o1", GENEVA)), true, Refusal.NONE),
                new Viewer("officer of mexico-desk", as(TestUsers.officerOf("o2", MEXICO)), false, Refusal.NOT_FOUND),
                new Viewer("rapporteur of SR_HRD", as(TestUsers.rapporteurOf("r1", "SR_HRD")), rapporteurReaches,
                        Refusal.FORBIDDEN),
                new Viewer("rapporteur of WG_BUSINESS_HR", as(TestUsers.rapporteurOf("r2", "WG_BUSINESS_HR")), false,
                        Refusal.FORBIDDEN));
        for (Viewer v : viewers) {
            assertIncidentReach(c, v, phase);
            for (String defender : List.of(c.parties().aguilar(), c.parties().aguirre())) {
                assertDefenderReach(c, v, defender, phase);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Phase.class)
    void whoMayNotChangeTheCaseIsRefusedAsForAnUnknownIdAndNothingChanges(Phase phase) throws Exception {
        Case c = newCase();
        if (phase != Phase.BEFORE_SHARING) {
            c.seed().shareWithRapporteur(c.incident(), 1);
        }
        if (phase == Phase.ONE_CONSENT_WITHDRAWN) {
            withdrawShareWithUn(c);
        }
        String before = stateOf(c);
        List<Viewer> foreign = List.of(
                // with a fresh passkey confirmation, so that an erasure is refused for the record, not the step-up
                new Viewer("officer of mexico-desk", as(TestUsers.officerWithPasskey("o2", MEXICO)), false, Refusal.NOT_FOUND),
                new Viewer("rapporteur of SR_HRD", as(TestUsers.rapporteurOf("r1", "SR_HRD")),
                        phase == Phase.SHARED_WITH_SR_HRD, Refusal.FORBIDDEN));
        long incidentVersion = versionOf("/api/v1/incidents/" + c.incident());
        long aguilarVersion = versionOf("/api/v1/defenders/" + c.parties().aguilar());
        long aguirreVersion = versionOf("/api/v1/defenders/" + c.parties().aguirre());
        String incidentBody = json.writeValueAsString(c.seed().incident(c.parties()).put("title", "Changed by a stranger"));
        String defenderBody = json.writeValueAsString(c.seed().defender("Changed By A Stranger " + c.seed().suffix, null, "Nobody"));
        String sharing = "{\"mandates\":[\"WG_BUSINESS_HR\"]}";
        for (Viewer v : foreign) {
            String never = UUID.randomUUID().toString();
            assertRefusedAlike(v, c.incident(),
                    perform(putJson("/api/v1/incidents/" + c.incident(), incidentVersion, incidentBody).with(v.who())),
                    perform(putJson("/api/v1/incidents/" + never, incidentVersion, incidentBody).with(v.who())));
            assertRefusedAlike(v, c.incident(),
                    perform(putJson("/api/v1/incidents/" + c.incident() + "/sharing", incidentVersion, sharing).with(v.who())),
                    perform(putJson("/api/v1/incidents/" + never + "/sharing", incidentVersion, sharing).with(v.who())));
            assertRefusedAlike(v, c.parties().aguilar(),
                    perform(putJson("/api/v1/defenders/" + c.parties().aguilar(), aguilarVersion, defenderBody).with(v.who())),
                    perform(putJson("/api/v1/defenders/" + never, aguilarVersion, defenderBody).with(v.who())));
            assertRefusedAlike(v, c.parties().aguirre(),
                    perform(delete("/api/v1/defenders/" + c.parties().aguirre()).header(HttpHeaders.IF_MATCH, "\"" + aguirreVersion + "\"")
                            .with(v.who())),
                    perform(delete("/api/v1/defenders/" + never).header(HttpHeaders.IF_MATCH, "\"" + aguirreVersion + "\"")
                            .with(v.who())));
        }
        assertThat(stateOf(c)).as("the case after refused changes").isEqualTo(before);
    }

    // ---- need-to-know helpers ---------------------------------------------------------------------------

    private Case newCase() throws Exception {
        SeedCaseRequests s = new SeedCaseRequests(mvc, json);
        SeedCaseRequests.Ids parties = s.createParties();
        String incident = s.create("/api/v1/incidents", s.incident(parties));
        return new Case(s, parties, incident);
    }

    /** Aguilar withdraws the SHARE_WITH_UN consent today (a PUT by the owning team at the current version). */
    private void withdrawShareWithUn(Case c) throws Exception {
        ObjectNode withdrawn = c.seed().defender(c.seed().aguilarName(), c.parties().prodh(), "Coordinator of the International Area");
        ((ObjectNode) withdrawn.get("consents").get(1)).put("withdrawnOn", LocalDate.now(ZoneOffset.UTC).toString());
        MvcResult r = perform(putJson("/api/v1/defenders/" + c.parties().aguilar(), 1, json.writeValueAsString(withdrawn))
                .with(geneva()));
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(200);
    }

    private void assertIncidentReach(Case c, Viewer v, Phase phase) throws Exception {
        String id = c.incident();
        String never = UUID.randomUUID().toString();
        String label = v.name() + ", " + phase + ", incident";
        boolean got = reachedOrSameNotFound(label + " GET",
                perform(get("/api/v1/incidents/" + id).with(v.who())), perform(get("/api/v1/incidents/" + never).with(v.who())), id);
        boolean letters = reachedOrSameNotFound(label + " GET communications",
                perform(get("/api/v1/incidents/" + id + "/communications").with(v.who())),
                perform(get("/api/v1/incidents/" + never + "/communications").with(v.who())), id);
        boolean listed = listAll(v.who()).contains(id);
        JsonNode byAguilar = search("/api/v1/incidents/search", "defenderName", c.seed().aguilarName(), v.who());
        JsonNode byAguirre = search("/api/v1/incidents/search", "defenderName", c.seed().aguirreName(), v.who());
        assertThat(got).as("%s: reachable", label).isEqualTo(v.reaches());
        assertThat(letters).as("%s: letters citing it reachable <=> get", label).isEqualTo(got);
        assertThat(listed).as("%s: listed <=> get", label).isEqualTo(got);
        // the names are this case's own: a search finds exactly this incident, or nothing at all (not even a count)
        assertThat(ids(byAguilar)).as("%s: search by Aguilar", label).isEqualTo(got ? List.of(id) : List.of());
        assertThat(ids(byAguirre)).as("%s: search by Aguirre", label).isEqualTo(got ? List.of(id) : List.of());
        assertThat(total(byAguilar) + total(byAguirre)).as("%s: search totals", label).isEqualTo(got ? 2 : 0);
    }

    private void assertDefenderReach(Case c, Viewer v, String id, Phase phase) throws Exception {
        String label = v.name() + ", " + phase + ", defender " + (id.equals(c.parties().aguilar()) ? "Aguilar" : "Aguirre");
        String name = id.equals(c.parties().aguilar()) ? c.seed().aguilarName() : c.seed().aguirreName();
        boolean got = reachedOrSameNotFound(label + " GET", perform(get("/api/v1/defenders/" + id).with(v.who())),
                perform(get("/api/v1/defenders/" + UUID.randomUUID()).with(v.who())), id);
        JsonNode byName = search("/api/v1/defenders/search", "name", name, v.who());
        JsonNode byOrganisation = search("/api/v1/defenders/search", "organisation", c.seed().prodhAcronym(), v.who());
        assertThat(got).as("%s: reachable", label).isEqualTo(v.reaches());
        assertThat(ids(byName)).as("%s: search by name <=> get", label).isEqualTo(got ? List.of(id) : List.of());
        assertThat(total(byName)).as("%s: search total", label).isEqualTo(got ? 1 : 0);
        assertThat(ids(byOrganisation).contains(id)).as("%s: search by organisation <=> get", label).isEqualTo(got);
    }

    /** True for 200; otherwise asserts the same 404 problem as for an id nobody ever used, not naming the id. */
    private boolean reachedOrSameNotFound(String label, MvcResult real, MvcResult unknown, String id) throws Exception {
        int status = real.getResponse().getStatus();
        String body = real.getResponse().getContentAsString();
        assertThat(status).as("%s: %s", label, body).isIn(200, 404);
        assertThat(unknown.getResponse().getStatus()).as("%s, unknown id", label).isEqualTo(404);
        if (status == 200) {
            return true;
        }
        assertThat(parse(body).path("type").asString()).as(label).isEqualTo("urn:evidence-vault:problem:not-found");
        assertThat(body).as(label).doesNotContain(id);
        assertThat(normalise(body)).as("%s: the same 404 as an unknown id", label)
                .isEqualTo(normalise(unknown.getResponse().getContentAsString()));
        return false;
    }

    private void assertRefusedAlike(Viewer v, String id, MvcResult real, MvcResult unknown) throws Exception {
        int expected = v.changes() == Refusal.NOT_FOUND ? 404 : 403;
        String body = real.getResponse().getContentAsString();
        assertThat(real.getResponse().getStatus()).as("%s changing %s: %s", v.name(), id, body).isEqualTo(expected);
        assertThat(unknown.getResponse().getStatus()).as("%s changing an unknown id", v.name()).isEqualTo(expected);
        assertThat(body).doesNotContain(id);
        assertThat(normalise(body)).as("%s: the same answer as for an unknown id", v.name())
                .isEqualTo(normalise(unknown.getResponse().getContentAsString()));
    }

    /** What the owning team sees of the case: versions, sharing and content of the incident and both defenders. */
    private String stateOf(Case c) throws Exception {
        StringBuilder s = new StringBuilder();
        for (String path : List.of("/api/v1/incidents/" + c.incident(), "/api/v1/defenders/" + c.parties().aguilar(),
                "/api/v1/defenders/" + c.parties().aguirre())) {
            MvcResult r = perform(get(path).with(geneva()));
            assertThat(r.getResponse().getStatus()).as("%s: %s", path, r.getResponse().getContentAsString()).isEqualTo(200);
            s.append(r.getResponse().getHeader(HttpHeaders.ETAG)).append(' ').append(r.getResponse().getContentAsString()).append('\n');
        }
        return s.toString();
    }

    private long versionOf(String path) throws Exception {
        MvcResult r = perform(get(path).with(geneva()));
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        return parse(r.getResponse().getContentAsString()).path("version").asLong();
    }

    private static MockHttpServletRequestBuilder putJson(String path, long version, String body) {
        return put(path).header(HttpHeaders.IF_MATCH, "\"" + version + "\"").contentType(MediaType.APPLICATION_JSON).content(body);
    }

    private Set<String> listAll(RequestPostProcessor who) throws Exception {
        Set<String> ids = new HashSet<>();
        for (int page = 0; ; page++) {
            MvcResult r = perform(get("/api/v1/incidents").param("size", "200").param("page", String.valueOf(page)).with(who));
            assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString()).isEqualTo(200);
            JsonNode p = parse(r.getResponse().getContentAsString());
            p.path("items").forEach(n -> ids.add(n.path("id").asString()));
            if (p.path("items").size() < 200) {
                return ids;
            }
        }
    }

    private JsonNode search(String path, String field, String value, RequestPostProcessor who) throws Exception {
        MvcResult r = perform(post(path).with(who).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(json.createObjectNode().put(field, value).put("size", 200))));
        assertThat(r.getResponse().getStatus()).as("%s: %s", path, r.getResponse().getContentAsString()).isEqualTo(200);
        return parse(r.getResponse().getContentAsString());
    }

    private static long total(JsonNode page) {
        return org.evidencevault.support.Pages.total(page);
    }

    private static List<String> ids(JsonNode page) {
        return org.evidencevault.support.Pages.ids(page);
    }

    /** A problem body without its {@code instance} (the request path), which differs by id. */
    private String normalise(String problem) {
        JsonNode n = parse(problem);
        return n.isObject() ? ((ObjectNode) n.deepCopy()).without("instance").toString() : problem;
    }

    private MvcResult perform(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn();
    }

    private static RequestPostProcessor geneva() {
        return as(TestUsers.officerOf("o1", GENEVA));
    }

    private static RequestPostProcessor as(RequestPostProcessor who) {
        return request -> csrf().postProcessRequest(who.postProcessRequest(request));
    }

    // ---- matrix requests --------------------------------------------------------------------------------

    /**
     * A caller of this role (TestUsers.loggedIn: the officer in geneva-desk, the rapporteur serving SR_HRD) as the
     * account made for it, so self-service calls reach a real account and change no demo account.
     */
    private RequestPostProcessor roleUser(Role role) {
        return TestUsers.loggedIn(usernames.get(role), role.name());
    }

    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");

    /** A value nobody ever used for each placeholder of the pattern. */
    private static Map<String, String> placeholders(String pattern) {
        Map<String, String> values = new LinkedHashMap<>();
        Matcher m = VARIABLE.matcher(pattern);
        while (m.find()) {
            values.put(m.group(1), switch (m.group(1)) {
                case "username" -> "nobody" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
                case "size" -> "1";
                default -> UUID.randomUUID().toString();
            });
        }
        return values;
    }

    private MockHttpServletRequestBuilder request(Endpoint e, Map<String, String> vars) {
        String path = e.pattern();
        for (Map.Entry<String, String> v : vars.entrySet()) {
            path = path.replace("{" + v.getKey() + "}", v.getValue());
        }
        MockHttpServletRequestBuilder b = MockMvcRequestBuilders.request(HttpMethod.valueOf(e.method()), path);
        PARAMS.getOrDefault(e.key(), Map.of()).forEach(b::param);
        Supplier<String> body = bodies().get(e.key());
        if (body != null) {
            b.contentType(MediaType.APPLICATION_JSON).content(body.get());
        }
        if (e.key().equals("PATCH /api/v1/evidence/{id}/content")) {
            // raw bytes, from where the stored ones end (tus)
            b.contentType("application/offset+octet-stream").header("Upload-Offset", "0").content(new byte[] {'%', 'P', 'D', 'F'});
        }
        if (needsIfMatch(e.handler())) {
            b.header(HttpHeaders.IF_MATCH, "\"1\"");
        }
        return b;
    }

    private static boolean needsIfMatch(HandlerMethod handler) {
        for (Parameter p : handler.getMethod().getParameters()) {
            RequestHeader h = p.getAnnotation(RequestHeader.class);
            if (h != null && (HttpHeaders.IF_MATCH.equalsIgnoreCase(h.value()) || HttpHeaders.IF_MATCH.equalsIgnoreCase(h.name()))) {
                return true;
            }
        }
        return false;
    }

    /** Minimal bodies that pass the controllers' own mapping and validation, so the permission check decides. */
    private Map<String, Supplier<String>> bodies() {
        Map<String, Supplier<String>> b = new TreeMap<>();
        Supplier<String> incident = () -> write(seed.minimalIncident(UUID.randomUUID().toString(), "Matrix incident " + seed.suffix));
        // without the seed's PUBLIC_NAMING consent, which would need a step-up (ErasureApprovalTest tests that)
        Supplier<String> defender = () -> {
            ObjectNode d = seed.defender("Matrix Defender " + seed.suffix + " " + fresh(), null, "Lawyer");
            d.remove("consents");
            return write(d);
        };
        Supplier<String> organisation = () -> write(seed.organisation("Matrix Organisation " + seed.suffix + " " + fresh(), null,
                "MEX", "NGO"));
        Supplier<String> letter = () -> write(letter());
        b.put("POST /api/v1/incidents", incident);
        b.put("PUT /api/v1/incidents/{id}", incident);
        b.put("PUT /api/v1/incidents/{id}/sharing", () -> "{\"mandates\":[\"SR_HRD\"]}");
        b.put("POST /api/v1/incidents/search", () -> write(json.createObjectNode().put("defenderName", "Matrix Nobody " + seed.suffix)));
        b.put("POST /api/v1/defenders", defender);
        b.put("PUT /api/v1/defenders/{id}", defender);
        b.put("POST /api/v1/incidents/{id}/evidence", () -> "{\"kind\":\"LAB_REPORT\",\"mediaType\":\"application/pdf\",\"size\":10}");
        b.put("POST /api/v1/evidence/{id}/disposal-requests", () -> "{\"reason\":\"matrix\"}");
        b.put("POST /api/v1/incidents/{id}/package-requests", () -> "{\"variant\":\"original\",\"reason\":\"matrix\"}");
        b.put("POST /api/v1/defenders/{id}/erasure-requests", () -> "{\"reason\":\"matrix\"}");
        b.put("POST /api/v1/defenders/search", () -> write(json.createObjectNode().put("name", "Matrix Nobody " + seed.suffix)));
        b.put("POST /api/v1/organisations", organisation);
        b.put("PUT /api/v1/organisations/{id}", organisation);
        b.put("POST /api/v1/organisations/search", () -> write(json.createObjectNode().put("name", "Matrix Nobody " + seed.suffix)));
        b.put("POST /api/v1/communications", letter);
        b.put("PUT /api/v1/communications/{id}", letter);
        b.put("POST /api/v1/communications/{id}/replies", () -> write(json.createObjectNode().put("receivedOn", "2011-06-01")
                .put("from", "Matrix Company " + seed.suffix).put("summary", "an answer")));
        b.put("POST /api/v1/communications/import", () -> {
            ObjectNode batch = json.createObjectNode();
            batch.putArray("communications").add(letter());
            return write(batch);
        });
        b.put("POST /api/v1/admin/accounts", () -> "{}");
        b.put("PUT /api/v1/admin/accounts/{username}/roles", () -> "{\"roles\":[\"AUDITOR\"]}");
        b.put("PUT /api/v1/admin/accounts/{username}/mandates", () -> "{\"mandates\":[\"SR_HRD\"]}");
        b.put("PUT /api/v1/admin/accounts/{username}/teams", () -> "{\"teams\":[\"" + GENEVA + "\"]}");
        b.put("POST /api/v1/auth/token", () -> "{}");
        b.put("POST /api/v1/account/password",
                () -> "{\"currentPassword\":\"not-the-password\",\"newPassword\":\"a-long-new-passphrase-7\"}");
        b.put("POST /api/v1/account/tokens", () -> "{\"label\":\"matrix\"}");
        b.put("POST /api/v1/account/totp/confirm", () -> "{\"code\":\"000000\"}");
        return b;
    }

    /** A minimal valid UN letter with a number of its own, to a company of this test's own. */
    private ObjectNode letter() {
        return json.createObjectNode()
                .put("reference", "AL OTH " + (10_000 + ThreadLocalRandom.current().nextInt(89_999)) + "/2011")
                .put("addresseeName", "Matrix Company " + seed.suffix)
                .put("sentOn", "2011-05-02");
    }

    private static String fresh() {
        return UUID.randomUUID().toString().substring(0, 6);
    }

    private String write(JsonNode node) {
        return json.writeValueAsString(node);
    }
}

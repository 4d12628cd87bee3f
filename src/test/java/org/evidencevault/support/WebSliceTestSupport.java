package org.evidencevault.support;

import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import org.evidencevault.communications.CommunicationQueries;
import org.evidencevault.communications.CommunicationService;
import org.evidencevault.incidents.DefenderService;
import org.evidencevault.incidents.IncidentService;
import org.evidencevault.incidents.OrganisationService;
import org.evidencevault.security.ApiTokens;
import org.evidencevault.security.WebSliceSecurity;
import org.evidencevault.web.WebSliceBeans;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One shared web slice (no store, no keys, no audit log, no demo seed) for the bad-input tests of the incident,
 * defender, organisation and communication controllers: what is decided before any service is called.
 *
 * <p>What is real: the controllers of {@code incidents.web} and {@code communications.web} (the other controllers, and
 * the pages of {@code ui} with their advice, are left out: they have nothing to do with these tests and would need
 * their own services), the JSON mapping with the
 * project's strictness, the body size and JSON body filters in their production order, the query-parameter
 * interceptor, the controller advice, and the production security filter chain with CSRF
 * ({@link WebSliceBeans}, {@link WebSliceSecurity}); requests authenticate as a session user with a CSRF token, as
 * in the full-context tests. What is mocked: the application services, so a test can say "nothing stored" as
 * {@link #verifyNoServiceCalled()}: the request never got past the web layer. Rules that need the store stay in the
 * full-context tests, as does one case per class of bad input with real counts of what is stored.
 *
 * <p>Every subclass has exactly this configuration, so they all share one cached context.
 */
@WebMvcTest(excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
        pattern = "org\\.evidencevault\\.(ui\\..*|(?!incidents\\.web\\.|communications\\.web\\.).*(Controller|Pages))"))
@Import({WebSliceBeans.class, WebSliceSecurity.class})
@ActiveProfiles("test")
public abstract class WebSliceTestSupport {

    @Autowired
    protected MockMvc mvc;

    @Autowired
    protected JsonMapper json;

    @MockitoBean
    protected IncidentService incidents;

    @MockitoBean
    protected DefenderService defenders;

    @MockitoBean
    protected OrganisationService organisations;

    @MockitoBean
    protected CommunicationService communications;

    @MockitoBean
    protected CommunicationQueries communicationQueries;

    /** Records refusals in the audit log (which the slice has not); the bad-input tests refuse nothing for access. */
    @MockitoBean
    protected org.evidencevault.audit.AccessRefusals refusals;

    /** Needs the store; no slice test sends a bearer token. */
    @MockitoBean
    protected ApiTokens apiTokens;

    /** Form login over the accounts (security.AccountUserDetailsService) needs the store; no slice test logs in. */
    @MockitoBean
    protected UserDetailsService accounts;

    /** The slice's "nothing stored": no application service was called at all. */
    protected void verifyNoServiceCalled() {
        verifyNoInteractions(incidents, defenders, organisations, communications, communicationQueries);
    }

    protected static RequestPostProcessor officer() {
        return as("officer", "PROTECTION_OFFICER");
    }

    protected static RequestPostProcessor rapporteur() {
        return as("rapporteur", "RAPPORTEUR");
    }

    /** A session-authenticated user with a valid CSRF token, as in {@link ApiTestSupport}. */
    protected static RequestPostProcessor as(String username, String role) {
        return request -> csrf().postProcessRequest(TestUsers.loggedIn(username, role).postProcessRequest(request));
    }

    protected JsonNode parse(String body) {
        return json.readTree(body);
    }
}

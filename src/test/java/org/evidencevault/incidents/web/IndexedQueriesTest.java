package org.evidencevault.incidents.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;
import java.util.TreeMap;
import org.evidencevault.store.QueryStats;
import org.evidencevault.support.ApiTestSupport;
import org.evidencevault.support.SeedCaseRequests;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultMatcher;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hot requests never make the embedded store read a whole collection (issue 14, point 2): registering, reading,
 * revising, listing and searching incidents, searching defenders, as an officer and as a rapporteur, and the audit
 * entries, data keys and record checks behind each. Counted by the store itself ({@link QueryStats}), from a store
 * that already holds records (the shared test context's), one request at a time. The same requests on MongoDB:
 * {@link MongoIndexedQueriesTest}.
 */
class IndexedQueriesTest extends ApiTestSupport {

    /** One request whose queries are counted. */
    interface Request {
        void run() throws Exception;
    }

    private static final String INCIDENTS = "/api/v1/incidents";

    @Test
    void hotRequestsReadNoWholeCollection() throws Exception {
        SeedCaseRequests seed = new SeedCaseRequests(mvc, json);
        SeedCaseRequests.Ids ids = seed.createParties();
        ObjectNode incident = seed.incident(ids);
        String first = null;
        for (int i = 0; i < 5; i++) {
            JsonNode created = call(post(INCIDENTS).with(officer()).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                    .content(json.writeValueAsString(incident)), status().isCreated());
            first = first == null ? created.get("id").asString() : first;
        }
        String id = first;
        ObjectNode search = json.createObjectNode().put("defenderName", seed.aguilarName());
        ObjectNode defenderSearch = json.createObjectNode().put("name", seed.aguilarName());

        // once to warm up (a collection or index made on first use is not a hot query), then counted
        hotRequests(id, incident, search, defenderSearch);
        Map<String, String> scans = hotRequests(id, incident, search, defenderSearch);
        assertThat(scans).as("requests that read a whole collection (request / collection -> documents read)").isEmpty();
    }

    private Map<String, String> hotRequests(String id, ObjectNode incident, ObjectNode search, ObjectNode defenderSearch) throws Exception {
        Map<String, String> scans = new TreeMap<>();
        scans.putAll(scansDuring("register an incident", () -> call(post(INCIDENTS).with(officer()).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(incident)), status().isCreated())));
        long version = call(get(INCIDENTS + "/" + id).with(officer()), status().isOk()).get("version").asLong();
        scans.putAll(scansDuring("read an incident", () -> call(get(INCIDENTS + "/" + id).with(officer()), status().isOk())));
        scans.putAll(scansDuring("revise an incident", () -> call(put(INCIDENTS + "/" + id).with(officer()).with(csrf())
                .header(HttpHeaders.IF_MATCH, "\"" + version + "\"").contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(incident.deepCopy().put("contextNotes", "revised " + version))), status().isOk())));
        scans.putAll(scansDuring("list incidents", () -> {
            JsonNode page = call(get(INCIDENTS + "?size=20").with(officer()), status().isOk());
            assertThat(page.path("items").size()).isPositive();
        }));
        scans.putAll(scansDuring("a second page of incidents", () -> call(get(INCIDENTS + "?page=1&size=2").with(officer()), status().isOk())));
        scans.putAll(scansDuring("search incidents by defender name", () -> {
            JsonNode page = call(post(INCIDENTS + "/search").with(officer()).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                    .content(json.writeValueAsString(search)), status().isOk());
            assertThat(page.path("items").size()).as("incidents found by name").isPositive();
        }));
        scans.putAll(scansDuring("search defenders by name", () -> call(post("/api/v1/defenders/search").with(officer()).with(csrf())
                .contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(defenderSearch)), status().isOk())));
        scans.putAll(scansDuring("a rapporteur's list", () -> call(get(INCIDENTS + "?size=20").with(rapporteur()), status().isOk())));
        return scans;
    }

    /**
     * The collections a request read whole, each with how many documents, named by the request (on MongoDB, where
     * {@code explain} and the profiler tell, {@link MongoIndexedQueriesTest} answers from the profiler instead).
     */
    protected Map<String, String> scansDuring(String what, Request request) throws Exception {
        Map<String, QueryStats.Counts> before = QueryStats.snapshot();
        request.run();
        Map<String, String> found = new TreeMap<>();
        QueryStats.snapshot().forEach((collection, now) -> {
            QueryStats.Counts spent = now.minus(before.getOrDefault(collection, QueryStats.Counts.NONE));
            if (spent.fullScans() > 0) {
                found.put(what + " / " + collection, spent.fullScans() + " scans, " + spent.scannedDocuments() + " documents");
            }
        });
        return found;
    }

    private JsonNode call(MockHttpServletRequestBuilder request, ResultMatcher expected) throws Exception {
        String body = mvc.perform(request).andExpect(expected).andReturn().getResponse().getContentAsString();
        return body.isEmpty() ? json.createObjectNode() : parse(body);
    }
}

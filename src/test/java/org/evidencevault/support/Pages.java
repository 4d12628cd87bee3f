package org.evidencevault.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reading the vault's paged answers ({@code items}, {@code totalItems}) in tests. */
public final class Pages {

    private Pages() {
    }

    /** The page's {@code totalItems}; fails if the body is not a page. */
    public static long total(JsonNode page) {
        assertThat(page.has("totalItems")).as("a page: %s", page).isTrue();
        return page.get("totalItems").asLong();
    }

    /** The ids of the page's items, in order. */
    public static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(n -> ids.add(n.path("id").asString()));
        return ids;
    }
}

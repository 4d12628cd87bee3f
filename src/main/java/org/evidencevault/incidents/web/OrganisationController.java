package org.evidencevault.incidents.web;

import org.evidencevault.incidents.OrganisationId;
import java.net.URI;
import org.evidencevault.common.Page;
import org.evidencevault.incidents.Organisation;
import org.evidencevault.incidents.OrganisationService;
import org.evidencevault.incidents.web.DefenderJson.OrganisationRequest;
import org.evidencevault.incidents.web.DefenderJson.OrganisationResponse;
import org.evidencevault.incidents.web.DefenderJson.OrganisationSearch;
import org.evidencevault.access.CurrentActor;
import org.evidencevault.web.Versions;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/organisations}: NGOs, vendors, state agencies, labs. Register, read, revise, list, and find
 * by name or acronym ({@code POST .../search}: names travel in the body, never in the URL).
 */
@RestController
@RequestMapping("/api/v1/organisations")
class OrganisationController {

    private final OrganisationService organisations;
    private final CurrentActor actor;

    OrganisationController(OrganisationService organisations, CurrentActor actor) {
        this.organisations = organisations;
        this.actor = actor;
    }

    @PostMapping
    ResponseEntity<OrganisationResponse> register(@RequestBody OrganisationRequest body) {
        Organisation o = organisations.register(actor.get(), DefenderJson.toDomain(body));
        return ResponseEntity.created(URI.create("/api/v1/organisations/" + o.id().value()))
                .eTag(Versions.etag(o.version())).body(DefenderJson.of(o));
    }

    @GetMapping("/{id}")
    ResponseEntity<OrganisationResponse> get(@PathVariable String id) {
        Organisation o = organisations.get(actor.get(), new OrganisationId(id));
        return ResponseEntity.ok().eTag(Versions.etag(o.version())).body(DefenderJson.of(o));
    }

    @PutMapping("/{id}")
    ResponseEntity<OrganisationResponse> revise(@PathVariable String id,
                                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                @RequestBody OrganisationRequest body) {
        long expected = Versions.fromIfMatch(ifMatch);
        Organisation o = organisations.revise(actor.get(), new OrganisationId(id), expected, DefenderJson.toDomain(body));
        return ResponseEntity.ok().eTag(Versions.etag(o.version())).body(DefenderJson.of(o));
    }

    /** All organisations, oldest first; {@code page} 0 and {@code size} 20 by default. */
    @GetMapping
    Page<OrganisationResponse> list(@RequestParam(defaultValue = "0") int page,
                                    @RequestParam(defaultValue = "20") int size) {
        return organisations.list(actor.get(), null, page, size).map(DefenderJson::of);
    }

    /**
     * The organisations whose name or acronym matches {@code name} (required) exactly after normalisation;
     * {@code page} 0 and {@code size} 20 when absent. A POST so that names never appear in a URL (access and
     * proxy logs, browser history, Referer headers); it changes nothing, and is an audited read like
     * {@code GET}.
     */
    @PostMapping("/search")
    Page<OrganisationResponse> search(@RequestBody OrganisationSearch body) {
        return organisations.search(actor.get(), body.name(), body.page(), body.size()).map(DefenderJson::of);
    }
}

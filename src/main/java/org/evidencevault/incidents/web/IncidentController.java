package org.evidencevault.incidents.web;

import org.evidencevault.incidents.IncidentId;
import java.net.URI;
import org.evidencevault.common.Page;
import org.evidencevault.incidents.Incident;
import org.evidencevault.incidents.IncidentService;
import org.evidencevault.incidents.web.IncidentJson.IncidentRequest;
import org.evidencevault.incidents.web.IncidentJson.IncidentResponse;
import org.evidencevault.incidents.web.IncidentJson.IncidentSearch;
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
 * {@code /api/v1/incidents}: register, read (ETag), revise (If-Match), list, and find by a defender's name
 * ({@code POST .../search}: names travel in the body, never in the URL).
 */
@RestController
@RequestMapping("/api/v1/incidents")
class IncidentController {

    private final IncidentService incidents;
    private final CurrentActor actor;

    IncidentController(IncidentService incidents, CurrentActor actor) {
        this.incidents = incidents;
        this.actor = actor;
    }

    @PostMapping
    ResponseEntity<IncidentResponse> register(@RequestBody IncidentRequest body) {
        Incident i = incidents.register(actor.get(), body.team(), IncidentJson.toDomain(body));
        return ResponseEntity.created(URI.create("/api/v1/incidents/" + i.id().value()))
                .eTag(Versions.etag(i.version())).body(IncidentJson.of(i));
    }

    @GetMapping("/{id}")
    ResponseEntity<IncidentResponse> get(@PathVariable String id) {
        Incident i = incidents.get(actor.get(), new IncidentId(id));
        return ResponseEntity.ok().eTag(Versions.etag(i.version())).body(IncidentJson.of(i));
    }

    @PutMapping("/{id}")
    ResponseEntity<IncidentResponse> revise(@PathVariable String id,
                                            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                            @RequestBody IncidentRequest body) {
        long expected = Versions.fromIfMatch(ifMatch);
        Incident i = incidents.revise(actor.get(), new IncidentId(id), expected, body.team(), IncidentJson.toDomain(body));
        return ResponseEntity.ok().eTag(Versions.etag(i.version())).body(IncidentJson.of(i));
    }

    /**
     * Shares the incident with exactly these UN mandates ({@code {"mandates": ["SR_HRD"]}}, If-Match the current
     * version): a rapporteur of one of them sees it while every defender it names consents (SHARE_WITH_UN).
     */
    @PutMapping("/{id}/sharing")
    ResponseEntity<IncidentResponse> share(@PathVariable String id,
                                           @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                           @RequestBody IncidentJson.Sharing body) {
        long expected = Versions.fromIfMatch(ifMatch);
        Incident i = incidents.share(actor.get(), new IncidentId(id), expected, body.mandates());
        return ResponseEntity.ok().eTag(Versions.etag(i.version())).body(IncidentJson.of(i));
    }

    /** The incidents the caller may see, newest first; {@code page} 0 and {@code size} 20 by default. */
    @GetMapping
    Page<IncidentResponse> list(@RequestParam(defaultValue = "0") int page,
                                @RequestParam(defaultValue = "20") int size) {
        return incidents.list(actor.get(), null, page, size).map(IncidentJson::of);
    }

    /**
     * The incidents concerning a defender whose name ({@code defenderName}, required) matches exactly after
     * normalisation, newest first; {@code page} 0 and {@code size} 20 when absent. A POST so that names
     * never appear in a URL (access and proxy logs, browser history, Referer headers); it changes nothing,
     * and is an audited read like {@code GET}.
     */
    @PostMapping("/search")
    Page<IncidentResponse> search(@RequestBody IncidentSearch body) {
        return incidents.search(actor.get(), body.defenderName(), body.page(), body.size()).map(IncidentJson::of);
    }
}

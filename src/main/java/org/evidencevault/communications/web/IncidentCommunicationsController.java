package org.evidencevault.communications.web;

import org.evidencevault.incidents.IncidentId;
import org.evidencevault.common.Page;
import org.evidencevault.communications.CommunicationQueries;
import org.evidencevault.communications.web.CommunicationJson.CitingLetterItem;
import org.evidencevault.access.CurrentActor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/incidents/{id}/communications}: the letters citing an incident, in date order. It lives
 * here, not in incidents.web, because communications depend on incidents and not the other way round.
 */
@RestController
class IncidentCommunicationsController {

    private final CommunicationQueries communications;
    private final CurrentActor actor;

    IncidentCommunicationsController(CommunicationQueries communications, CurrentActor actor) {
        this.communications = communications;
        this.actor = actor;
    }

    @GetMapping("/api/v1/incidents/{id}/communications")
    Page<CitingLetterItem> citing(@PathVariable String id,
                                  @RequestParam(defaultValue = "0") int page,
                                  @RequestParam(defaultValue = "20") int size) {
        IncidentId incident = new IncidentId(id);
        return communications.citingIncident(actor.get(), incident, page, size).map(c -> CommunicationJson.citing(c, incident));
    }
}

package org.evidencevault.incidents.web;

import java.time.Clock;
import org.evidencevault.approvals.Approval;
import org.evidencevault.approvals.ApprovalId;
import org.evidencevault.approvals.ApprovalJson;
import org.evidencevault.incidents.DefenderId;
import java.net.URI;
import org.evidencevault.common.Page;
import org.evidencevault.incidents.Defender;
import org.evidencevault.incidents.DefenderService;
import org.evidencevault.incidents.web.DefenderJson.DefenderRequest;
import org.evidencevault.incidents.web.DefenderJson.DefenderResponse;
import org.evidencevault.incidents.web.DefenderJson.DefenderSearch;
import org.evidencevault.incidents.web.DefenderJson.ErasureResponse;
import org.evidencevault.access.CurrentActor;
import org.evidencevault.web.Versions;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/defenders}: register, read, revise, exact-match search ({@code POST .../search}: names
 * travel in the body, never in the URL), and erasure (crypto-shredding).
 */
@RestController
@RequestMapping("/api/v1/defenders")
class DefenderController {

    private final DefenderService defenders;
    private final CurrentActor actor;
    private final Clock clock;

    DefenderController(DefenderService defenders, CurrentActor actor, Clock clock) {
        this.defenders = defenders;
        this.actor = actor;
        this.clock = clock;
    }

    @PostMapping
    ResponseEntity<DefenderResponse> register(@RequestBody DefenderRequest body) {
        Defender d = defenders.register(actor.get(), body.team(), DefenderJson.toDomain(body));
        return ResponseEntity.created(URI.create("/api/v1/defenders/" + d.id().value()))
                .eTag(Versions.etag(d.version())).body(DefenderJson.of(d));
    }

    @GetMapping("/{id}")
    ResponseEntity<DefenderResponse> get(@PathVariable String id) {
        Defender d = defenders.get(actor.get(), new DefenderId(id));
        return ResponseEntity.ok().eTag(Versions.etag(d.version())).body(DefenderJson.of(d));
    }

    @PutMapping("/{id}")
    ResponseEntity<DefenderResponse> revise(@PathVariable String id,
                                            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                            @RequestBody DefenderRequest body) {
        long expected = Versions.fromIfMatch(ifMatch);
        Defender d = defenders.revise(actor.get(), new DefenderId(id), expected, DefenderJson.toDomain(body));
        return ResponseEntity.ok().eTag(Versions.etag(d.version())).body(DefenderJson.of(d));
    }

    /**
     * Exactly one of {@code name} or {@code organisation} (name or acronym), matched exactly after
     * normalisation; {@code page} 0 and {@code size} 20 when absent. A POST so that names never appear in
     * a URL (access and proxy logs, browser history, Referer headers); it changes nothing, and is an
     * audited read like {@code GET}.
     */
    @PostMapping("/search")
    Page<DefenderResponse> search(@RequestBody DefenderSearch body) {
        return defenders.find(actor.get(), body.name(), body.organisation(), body.page(), body.size()).map(DefenderJson::of);
    }

    record ErasureRequest(String reason) {
    }

    /**
     * Asks a second officer of the defender's team to approve erasing it at its current version (If-Match). The
     * answer is the pending request; its id goes in the {@code Vault-Approval} header of the erasure once granted.
     */
    @PostMapping("/{id}/erasure-requests")
    ResponseEntity<ApprovalJson> requestErasure(@PathVariable String id,
                                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                @RequestBody ErasureRequest body) {
        long expected = Versions.fromIfMatch(ifMatch);
        Approval a = defenders.requestErasure(actor.get(), new DefenderId(id), expected, body.reason());
        return ResponseEntity.created(URI.create("/api/v1/approvals/" + a.id().value())).eTag(Versions.etag(a.version()))
                .body(ApprovalJson.of(a, clock.instant()));
    }

    /**
     * Erasure (crypto-shredding): needs the current version (If-Match), a recent passkey confirmation, and the
     * granted approval of exactly this erasure ({@code Vault-Approval}), which it uses up.
     */
    @DeleteMapping("/{id}")
    ErasureResponse erase(@PathVariable String id,
                          @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                          @RequestHeader(value = ApprovalId.HEADER, required = false) String approval) {
        long expected = Versions.fromIfMatch(ifMatch);
        return new ErasureResponse(id, defenders.erase(actor.get(), new DefenderId(id), expected,
                approval == null ? null : new ApprovalId(approval)));
    }
}

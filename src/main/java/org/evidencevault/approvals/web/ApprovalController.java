package org.evidencevault.approvals.web;

import java.time.Clock;
import org.evidencevault.access.CurrentActor;
import org.evidencevault.approvals.Approval;
import org.evidencevault.approvals.ApprovalId;
import org.evidencevault.approvals.ApprovalJson;
import org.evidencevault.approvals.ApprovalService;
import org.evidencevault.common.Page;
import org.evidencevault.web.Versions;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/approvals}: the requests awaiting the caller's decision, the caller's own requests, one request,
 * and its decision ({@code grant} needs a recent passkey confirmation; both need If-Match). Requests are made by
 * the capability the act belongs to (e.g. {@code POST /api/v1/defenders/{id}/erasure-requests}).
 */
@RestController
@RequestMapping("/api/v1/approvals")
class ApprovalController {

    private final ApprovalService approvals;
    private final CurrentActor actor;
    private final Clock clock;

    ApprovalController(ApprovalService approvals, CurrentActor actor, Clock clock) {
        this.approvals = approvals;
        this.actor = actor;
        this.clock = clock;
    }

    /** Pending requests the caller may decide: of their teams, for acts they may do, made by someone else. */
    @GetMapping
    Page<ApprovalJson> awaiting(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return approvals.awaitingDecision(actor.get(), page, size).map(a -> ApprovalJson.of(a, clock.instant()));
    }

    @GetMapping("/mine")
    Page<ApprovalJson> mine(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return approvals.mine(actor.get(), page, size).map(a -> ApprovalJson.of(a, clock.instant()));
    }

    @GetMapping("/{id}")
    ResponseEntity<ApprovalJson> get(@PathVariable String id) {
        Approval a = approvals.get(actor.get(), new ApprovalId(id));
        return ResponseEntity.ok().eTag(Versions.etag(a.version())).body(ApprovalJson.of(a, clock.instant()));
    }

    @PostMapping("/{id}/grant")
    ResponseEntity<ApprovalJson> grant(@PathVariable String id,
                                       @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return decide(id, ifMatch, true);
    }

    @PostMapping("/{id}/refuse")
    ResponseEntity<ApprovalJson> refuse(@PathVariable String id,
                                        @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return decide(id, ifMatch, false);
    }

    private ResponseEntity<ApprovalJson> decide(String id, String ifMatch, boolean grant) {
        long expected = Versions.fromIfMatch(ifMatch);
        Approval a = approvals.decide(actor.get(), new ApprovalId(id), expected, grant);
        return ResponseEntity.ok().eTag(Versions.etag(a.version())).body(ApprovalJson.of(a, clock.instant()));
    }
}

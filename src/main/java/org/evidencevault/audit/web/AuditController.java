package org.evidencevault.audit.web;

import java.util.List;
import org.evidencevault.audit.AuditQueries;
import org.evidencevault.audit.AuditVerification;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.access.CurrentActor;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/audit} (AUDITOR): entries, checkpoints, proofs, verification, keys and bundle exports. */
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {

    private final AuditQueries audit;
    private final CurrentActor actor;

    AuditController(AuditQueries audit, CurrentActor actor) {
        this.audit = audit;
        this.actor = actor;
    }

    @GetMapping("/entries")
    List<AuditQueries.EntryView> entries(@RequestParam long from, @RequestParam long to) {
        return audit.entries(actor.get(), from, to);
    }

    @GetMapping("/checkpoints/latest")
    AuditQueries.CheckpointView latest() {
        return audit.latestCheckpoint(actor.get());
    }

    @GetMapping("/checkpoints/{size}")
    AuditQueries.CheckpointView checkpoint(@PathVariable long size) {
        return audit.checkpoint(actor.get(), size);
    }

    @GetMapping("/proofs/inclusion")
    AuditQueries.ProofView inclusion(@RequestParam long seq, @RequestParam long treeSize) {
        return audit.inclusionProof(actor.get(), seq, treeSize);
    }

    @GetMapping("/proofs/consistency")
    AuditQueries.ProofView consistency(@RequestParam long from, @RequestParam long to) {
        return audit.consistencyProof(actor.get(), from, to);
    }

    @GetMapping("/keys")
    List<AuditQueries.KeyView> keys() {
        return audit.keys(actor.get());
    }

    @PostMapping("/verify")
    AuditVerification.Result verify(@RequestParam long from, @RequestParam long to) {
        return audit.verify(actor.get(), from, to);
    }

    /** A bundle for the offline verifier: {@code ?from=&to=} or {@code ?incident=}; {@code since} adds a consistency proof. */
    @GetMapping("/export")
    ResponseEntity<byte[]> export(@RequestParam(required = false) Long from,
                                                 @RequestParam(required = false) Long to,
                                                 @RequestParam(required = false) String incident,
                                                 @RequestParam(required = false) Long since) {
        // Built completely before the response starts, so a failure is a clean problem response, never half a bundle.
        var who = actor.get();
        var out = new java.io.ByteArrayOutputStream();
        String name;
        if (incident != null) {
            if (from != null || to != null) {
                throw new InvalidInputException("incident", "one-scope", "give either incident, or from and to; not both");
            }
            name = "audit-incident-" + incident.replaceAll("[^A-Za-z0-9-]", "") + ".json";
            audit.exportFor(who, incident, since, out);
        } else {
            if (from == null || to == null) {
                throw new InvalidInputException(from == null ? "from" : "to", "required", "give from and to, or incident");
            }
            name = "audit-" + from + "-" + to + ".json";
            audit.exportRange(who, from, to, since, out);
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .contentType(MediaType.APPLICATION_JSON)
                .body(out.toByteArray());
    }
}

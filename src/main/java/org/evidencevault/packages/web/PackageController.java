package org.evidencevault.packages.web;

import java.net.URI;
import org.evidencevault.access.CurrentActor;
import org.evidencevault.approvals.Approval;
import org.evidencevault.approvals.ApprovalId;
import org.evidencevault.incidents.IncidentId;
import org.evidencevault.packages.EvidencePackages;
import org.evidencevault.web.Versions;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code /api/v1/incidents/{id}/package-requests} (an officer asks a second one to approve an export, If-Match the
 * incident's version) and {@code /api/v1/incidents/{id}/packages} (the export: If-Match, a passkey confirmation, the
 * granted approval in {@code Vault-Approval}; {@code ?variant=original|public}; answers the zip).
 */
@RestController
class PackageController {

    private final EvidencePackages packages;
    private final CurrentActor actor;

    PackageController(EvidencePackages packages, CurrentActor actor) {
        this.packages = packages;
        this.actor = actor;
    }

    record ExportRequest(String variant, String reason) {
    }

    @PostMapping(path = "/api/v1/incidents/{id}/package-requests", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<java.util.Map<String, Object>> request(@PathVariable String id,
                                                          @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                          @RequestBody ExportRequest body) {
        Approval a = packages.requestExport(actor.get(), new IncidentId(id), Versions.fromIfMatch(ifMatch), EvidencePackages.Variant.parse(body.variant()),
                body.reason());
        return ResponseEntity.created(URI.create("/api/v1/approvals/" + a.id().value())).eTag(Versions.etag(a.version()))
                .body(java.util.Map.of("id", a.id().value(), "status", a.statusAt(java.time.Instant.now()).name()));
    }

    @PostMapping("/api/v1/incidents/{id}/packages")
    ResponseEntity<StreamingResponseBody> export(@PathVariable String id, @RequestParam(required = false) String variant,
                                                 @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                 @RequestHeader(value = ApprovalId.HEADER, required = false) String approval) {
        EvidencePackages.Variant v = EvidencePackages.Variant.parse(variant);
        IncidentId incident = new IncidentId(id);
        EvidencePackages.Writer writer = packages.export(actor.get(), incident, Versions.fromIfMatch(ifMatch), v,
                approval == null ? null : new ApprovalId(approval));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + EvidencePackages.fileName(incident, v) + "\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(writer::writeTo);
    }
}

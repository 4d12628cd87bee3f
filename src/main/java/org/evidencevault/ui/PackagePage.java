package org.evidencevault.ui;

import org.evidencevault.access.CurrentActor;
import org.evidencevault.approvals.ApprovalId;
import org.evidencevault.incidents.IncidentId;
import org.evidencevault.packages.EvidencePackages;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.view.RedirectView;

/**
 * An evidence package from the case page: an officer asks (the request then waits on a second officer's home page),
 * and once it is granted downloads the zip after a passkey confirmation, as in the API.
 */
@Controller
class PackagePage {

    private final CurrentActor actor;
    private final EvidencePackages packages;

    PackagePage(CurrentActor actor, EvidencePackages packages) {
        this.actor = actor;
        this.packages = packages;
    }

    @PostMapping("/cases/{id}/package-request")
    RedirectView ask(@PathVariable String id, @RequestParam long version, @RequestParam String variant, @RequestParam String reason) {
        IncidentId incident = new IncidentId(id);
        packages.requestExport(actor.get(), incident, version, EvidencePackages.Variant.parse(variant), reason);
        return LanguageSwitch.redirect("/cases/" + incident.value() + "?packageAsked");
    }

    @PostMapping("/cases/{id}/package")
    ResponseEntity<StreamingResponseBody> download(@PathVariable String id, @RequestParam long version, @RequestParam String variant,
                                                   @RequestParam String approval) {
        IncidentId incident = new IncidentId(id);
        EvidencePackages.Variant v = EvidencePackages.Variant.parse(variant);
        EvidencePackages.Writer writer = packages.export(actor.get(), incident, version, v, new ApprovalId(approval));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + EvidencePackages.fileName(incident, v) + "\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(writer::writeTo);
    }
}

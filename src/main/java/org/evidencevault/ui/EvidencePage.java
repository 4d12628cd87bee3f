package org.evidencevault.ui;

import org.evidencevault.access.AccessPolicy;
import org.evidencevault.access.CurrentActor;
import org.evidencevault.common.Actor;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.evidence.EvidenceId;
import org.evidencevault.evidence.EvidenceItem;
import org.evidencevault.evidence.EvidenceService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * One evidence item: its metadata, its chain of custody from the log (with the entry numbers an auditor proves), and
 * its download and preview. Those need a passkey confirmation within the step-up window: without one the page offers
 * the passkey ceremony first (the only part of the interface that needs JavaScript, as a passkey does).
 */
@Controller
class EvidencePage {

    private final CurrentActor actor;
    private final EvidenceService evidence;
    private final AccessPolicy access;
    private final java.time.Clock clock;

    private final org.evidencevault.incidents.IncidentService incidents;
    private final org.evidencevault.approvals.ApprovalService approvals;

    EvidencePage(CurrentActor actor, EvidenceService evidence, AccessPolicy access, java.time.Clock clock,
                 org.evidencevault.incidents.IncidentService incidents, org.evidencevault.approvals.ApprovalService approvals) {
        this.incidents = incidents;
        this.approvals = approvals;
        this.clock = clock;
        this.actor = actor;
        this.evidence = evidence;
        this.access = access;
    }

    @GetMapping("/evidence/{id}")
    String item(@PathVariable String id, Model model) {
        Actor who = actor.get();
        EvidenceItem item = evidence.get(who, new EvidenceId(id));
        model.addAttribute("item", item);
        model.addAttribute("custody", evidence.custody(who, item.id()));
        model.addAttribute("confirmed", access.hasRecentPasskey(who, clock.instant()));
        model.addAttribute("complete", item.status() == EvidenceItem.Status.COMPLETE);
        model.addAttribute("image", item.detectedMediaType() != null && item.detectedMediaType().startsWith("image/"));
        // disposal: asked for by an officer of the team, granted by a second one, then done by the first
        boolean mayDispose = item.status() == EvidenceItem.Status.COMPLETE && item.derivedFrom() == null
                && access.allows(who, org.evidencevault.access.Permission.EVIDENCE_WRITE) && incidents.mayChange(who, item.incidentId());
        String granted = null;
        if (mayDispose) {
            java.time.Instant now = clock.instant();
            for (org.evidencevault.approvals.Approval a : approvals.mine(who, 0, 100).items()) {
                if (a.act() == org.evidencevault.approvals.ApprovableAct.EVIDENCE_DISPOSE && a.subject().id().equals(id)
                        && a.subject().version() == item.version() && a.statusAt(now) == org.evidencevault.approvals.Approval.Status.GRANTED) {
                    granted = a.id().value();
                }
            }
        }
        model.addAttribute("mayAskDisposal", mayDispose && granted == null);
        model.addAttribute("grantedDisposal", granted);
        return "evidence";
    }

    /** Asks a second officer of the team to approve disposing of the item at the version shown. */
    @org.springframework.web.bind.annotation.PostMapping("/evidence/{id}/disposal-request")
    org.springframework.web.servlet.view.RedirectView askDisposal(@PathVariable String id,
                                                                  @org.springframework.web.bind.annotation.RequestParam long version,
                                                                  @org.springframework.web.bind.annotation.RequestParam String reason) {
        evidence.requestDisposal(actor.get(), new EvidenceId(id), version, reason);
        return LanguageSwitch.redirect("/evidence/" + new EvidenceId(id).value() + "?asked");
    }

    /** Disposes of the item under the granted approval (a passkey confirmation needed, as in the API); back to its case. */
    @org.springframework.web.bind.annotation.PostMapping("/evidence/{id}/disposal")
    org.springframework.web.servlet.view.RedirectView dispose(@PathVariable String id,
                                                              @org.springframework.web.bind.annotation.RequestParam long version,
                                                              @org.springframework.web.bind.annotation.RequestParam String approval)
            throws java.io.IOException {
        EvidenceId item = new EvidenceId(id);
        evidence.dispose(actor.get(), item, version, new org.evidencevault.approvals.ApprovalId(approval));
        return LanguageSwitch.redirect("/evidence/" + item.value() + "?disposed");
    }

}

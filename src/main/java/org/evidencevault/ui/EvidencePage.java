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

    EvidencePage(CurrentActor actor, EvidenceService evidence, AccessPolicy access, java.time.Clock clock) {
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
        return "evidence";
    }

}

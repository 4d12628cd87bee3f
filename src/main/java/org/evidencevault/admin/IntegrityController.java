package org.evidencevault.admin;

import java.util.List;
import org.evidencevault.access.CurrentActor;
import org.evidencevault.audit.IntegrityAdministration;
import org.evidencevault.audit.IntegrityAlarms;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/admin/integrity} (ADMIN): the raised integrity alarms, and their acknowledgement
 * ({@code POST .../acknowledge}), after which changes resume.
 */
@RestController
@RequestMapping("/api/v1/admin/integrity")
class IntegrityController {

    private final IntegrityAdministration integrity;
    private final CurrentActor actor;

    IntegrityController(IntegrityAdministration integrity, CurrentActor actor) {
        this.integrity = integrity;
        this.actor = actor;
    }

    @GetMapping
    List<IntegrityAlarms.Alarm> alarms() {
        return integrity.alarms(actor.get());
    }

    record Acknowledged(long seq) {
    }

    @PostMapping("/acknowledge")
    Acknowledged acknowledge() {
        return new Acknowledged(integrity.acknowledge(actor.get()));
    }
}

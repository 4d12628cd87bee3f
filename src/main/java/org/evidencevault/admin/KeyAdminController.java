package org.evidencevault.admin;

import org.evidencevault.access.CurrentActor;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/admin/keys/rewrap} (ADMIN): move every data key to the active KEK version. */
@RestController
@RequestMapping("/api/v1/admin/keys")
class KeyAdminController {

    private final KeyAdministration keys;
    private final CurrentActor actor;

    KeyAdminController(KeyAdministration keys, CurrentActor actor) {
        this.keys = keys;
        this.actor = actor;
    }

    @PostMapping("/rewrap")
    KeyAdministration.RewrapResult rewrap() {
        return keys.rewrap(actor.get());
    }
}

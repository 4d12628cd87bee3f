package org.evidencevault.backup.web;

import org.evidencevault.access.CurrentActor;
import org.evidencevault.backup.Backups;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/admin/backups} (ADMIN): write an encrypted backup of the embedded store, while the vault runs. */
@RestController
@RequestMapping("/api/v1/admin/backups")
class BackupController {

    private final Backups backups;
    private final CurrentActor actor;

    BackupController(Backups backups, CurrentActor actor) {
        this.backups = backups;
        this.actor = actor;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Backups.Result backUp() {
        return backups.backUp(actor.get());
    }
}

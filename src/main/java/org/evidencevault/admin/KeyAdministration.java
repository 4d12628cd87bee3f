package org.evidencevault.admin;

import java.util.Map;
import org.evidencevault.audit.Audited;
import org.evidencevault.audit.Target;
import org.evidencevault.common.Actor;
import org.evidencevault.crypto.DataKeys;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.access.AccessPolicy;
import org.evidencevault.access.Permission;
import org.springframework.stereotype.Service;

/**
 * Re-wraps every data key under the active KEK version. Recorded before it runs; idempotent, so an
 * interrupted re-wrap is finished by running it again.
 */
@Service
public class KeyAdministration {

    private final DataKeys dataKeys;
    private final KeyRing keyRing;
    private final Audited audited;
    private final AccessPolicy access;

    KeyAdministration(DataKeys dataKeys, KeyRing keyRing, Audited audited, AccessPolicy access) {
        this.dataKeys = dataKeys;
        this.keyRing = keyRing;
        this.audited = audited;
        this.access = access;
    }

    public record RewrapResult(String activeKek, int rewrapped, Map<String, Long> dataKeysByKek) {
    }

    public RewrapResult rewrap(Actor actor) {
        access.require(actor, Permission.KEYS_ADMIN);
        String active = keyRing.activeKek().id() + "/v" + keyRing.activeKek().version();
        audited.record(actor, org.evidencevault.audit.Action.KEYS_REWRAP, java.util.List.of(new Target("kek", active)));
        int moved = dataKeys.rewrapAll();
        return new RewrapResult(active, moved, dataKeys.countByKekVersion());
    }
}

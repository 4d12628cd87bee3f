package org.evidencevault.security;

import jakarta.servlet.http.HttpServletRequest;
import org.evidencevault.audit.Target;
import org.evidencevault.crypto.BlindIndex;
import org.springframework.stereotype.Component;

/**
 * Where a request came from, without keeping the address: a keyed hash of the client address (the
 * blind-index key, domain {@code access.address}). The same address always gives the same value, so the
 * audit log and the login throttle can tell "the same place" without holding anything that names it.
 */
@Component
class AccessAddresses {

    static final String TARGET_TYPE = "address";

    private final BlindIndex blindIndex;

    AccessAddresses(BlindIndex blindIndex) {
        this.blindIndex = blindIndex;
    }

    String of(HttpServletRequest request) {
        return of(request.getRemoteAddr());
    }

    String of(String address) {
        return blindIndex.of("access.address", address == null ? "unknown" : address);
    }

    Target target(String hashedAddress) {
        return new Target(TARGET_TYPE, hashedAddress);
    }
}

package org.evidencevault;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** The capabilities are modules: no cycles, and no module reaches into another's internal packages. */
class ModularityTest {

    @Test
    void modulesRespectTheirBoundaries() {
        ApplicationModules.of(EvidenceVaultApplication.class).verify();
    }
}

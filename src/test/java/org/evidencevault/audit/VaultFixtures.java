package org.evidencevault.audit;

import java.util.List;
import org.evidencevault.common.Actor;
import org.evidencevault.common.PartialDate;
import org.evidencevault.incidents.Defender;
import org.evidencevault.incidents.DefenderId;
import org.evidencevault.incidents.DefenderProfile;
import org.evidencevault.incidents.DefenderService;
import org.evidencevault.incidents.Incident;
import org.evidencevault.incidents.IncidentDetails;
import org.evidencevault.incidents.IncidentService;
import org.evidencevault.incidents.IncidentStatus;
import org.evidencevault.incidents.InfectionEvent;
import org.evidencevault.incidents.Spyware;
import org.springframework.context.ApplicationContext;

/** Records made through the real services of a running vault (as the vault itself, {@link Actor#SYSTEM}). */
final class VaultFixtures {

    private VaultFixtures() {
    }

    static Defender defender(ApplicationContext vault, String name) {
        return vault.getBean(DefenderService.class).register(org.evidencevault.support.TestActors.SEED, new DefenderProfile(name, null, null, "MEX", null, null));
    }

    /** A valid incident of one defender; {@code title} and {@code notes} are sealed. */
    static IncidentDetails details(DefenderId defenderId, String title, String notes) {
        return new IncidentDetails(title, List.of(defenderId), Spyware.PEGASUS, null, null, null, IncidentStatus.SUSPECTED,
                List.of(new InfectionEvent(PartialDate.of("2022-06"), defenderId, null, IncidentStatus.SUSPECTED)), List.of(), notes);
    }

    /** A new defender and an incident about them. */
    static Incident incident(ApplicationContext vault, String label) {
        Defender d = defender(vault, label + " Defender");
        return vault.getBean(IncidentService.class).register(org.evidencevault.support.TestActors.SEED, details(d.id(), label + " incident", label + " notes"));
    }
}

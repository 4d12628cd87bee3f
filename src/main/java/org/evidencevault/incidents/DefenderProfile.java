package org.evidencevault.incidents;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.evidencevault.common.Checks;
import org.evidencevault.common.CountryCode;
import org.evidencevault.common.InvalidInputException;

/**
 * Who a defender is: name, organisation, role, country, contact and consents. All of it is sensitive and
 * sealed at rest; only keyed blind indexes of the name and organisation are stored in the clear.
 */
public record DefenderProfile(
        String fullName,
        OrganisationId organisationId,
        String role,
        String country,
        String contact,
        List<Consent> consents) {

    public DefenderProfile {
        // keeps null elements (List.copyOf would throw), so they are reported as violations below
        consents = consents == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(consents));
        Checks checks = new Checks()
                .requirePresent(fullName, "fullName")
                .maxLength(fullName, 300, "fullName")
                .maxLength(role, 300, "role")
                .maxLength(contact, 2000, "contact")
                .identifying(fullName, "fullName")
                .identifying(role, "role")
                .identifying(contact, "contact")
                .require(consents.size() <= 50, "consents", "max-items", "at most 50");
        CountryCode.check(checks, country, "country");
        for (int i = 0; i < consents.size(); i++) {
            checks.require(consents.get(i) != null, "consents[" + i + "]", "required", "is required");
        }
        long distinct = consents.stream().filter(c -> c != null)
                .map(c -> c.purpose() + "/" + c.grantedOn()).distinct().count();
        checks.require(distinct == consents.stream().filter(c -> c != null).count(), "consents", "unique",
                "must not repeat a purpose with the same grant date");
        checks.throwIfAny();
    }

    public boolean hasActiveConsent(Consent.Purpose purpose, LocalDate day) {
        return consents.stream().anyMatch(c -> c.purpose() == purpose && c.activeOn(day));
    }

    /** Rule 8: naming a defender in anything public needs an active PUBLIC_NAMING consent. */
    public void requirePublicNamingConsent(LocalDate day) {
        if (!hasActiveConsent(Consent.Purpose.PUBLIC_NAMING, day)) {
            throw new InvalidInputException("consents", "public-naming-consent",
                    "naming this defender publicly needs an active PUBLIC_NAMING consent");
        }
    }

}

package org.evidencevault.communications;

import org.evidencevault.common.Checks;
import org.evidencevault.common.CountryCode;

/**
 * A letter on the same subject sent to a State at the same time (seed: Israel, where the company is
 * based, and Mexico). Its reference is often not given in the letter, so it is optional; when known,
 * its addressee is that State.
 */
public record ParallelLetter(String addressee, Reference reference) {

    public ParallelLetter {
        Checks checks = new Checks().requirePresent(addressee, "addressee");
        checks.require(addressee == null || CountryCode.isValid(addressee), "addressee", "iso-3166-alpha-3",
                "must be the ISO 3166-1 alpha-3 code of a State, such as ISR");
        checks.require(reference == null || addressee == null || reference.key().addressee().equals(addressee),
                "reference", "reference-addressee", "must be addressed to the same State");
        checks.throwIfAny();
    }
}

package org.evidencevault.incidents;

import java.net.URI;
import java.util.List;
import org.evidencevault.common.Checks;
import org.evidencevault.common.PartialDate;
import org.evidencevault.incidents.ForensicTerms.Acquisition;
import org.evidencevault.incidents.ForensicTerms.Confidence;
import org.evidencevault.incidents.ForensicTerms.Method;
import org.evidencevault.incidents.ForensicTerms.Trigger;

/**
 * A lab's finding: the lab (an organisation id), what triggered the analysis and when, how the data was
 * acquired and analysed, when the lab confirmed and when it published, its confidence, and the evidence items it
 * rests on (MVT results, the IOC set, the report), pinned by their bytes' SHA-256.
 * Rule: the trigger is not after the confirmation, and the confirmation not after publication
 * (compared at the coarser precision); an item is pinned at most once.
 */
public record ForensicConfirmation(
        OrganisationId labOrganisationId,
        Trigger trigger,
        PartialDate triggerDate,
        Acquisition acquisition,
        Method method,
        PartialDate confirmedOn,
        PartialDate publishedOn,
        String reportUrl,
        Confidence confidence,
        List<EvidencePin> restsOn) {

    public static final int MAX_PINS = 50;

    public ForensicConfirmation {
        restsOn = restsOn == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(restsOn));
        Checks checks = new Checks()
                .requirePresent(trigger, "trigger")
                .maxLength(reportUrl, 2000, "reportUrl")
                .identifying(reportUrl, "reportUrl");
        checks.require(reportUrl == null || isHttps(reportUrl), "reportUrl", "https-url", "must be an absolute https URL");
        if (triggerDate != null && confirmedOn != null) {
            checks.require(triggerDate.notAfter(confirmedOn), "confirmedOn", "trigger-before-confirmation",
                    "must not be before the trigger date");
        }
        if (confirmedOn != null && publishedOn != null) {
            checks.require(confirmedOn.notAfter(publishedOn), "publishedOn", "confirmation-before-publication",
                    "must not be before the confirmation date");
        }
        if (triggerDate != null && publishedOn != null) {
            checks.require(triggerDate.notAfter(publishedOn), "publishedOn", "trigger-before-publication",
                    "must not be before the trigger date");
        }
        checks.require(restsOn.size() <= MAX_PINS, "restsOn", "max-items", "at most " + MAX_PINS);
        java.util.Set<String> pinned = new java.util.HashSet<>();
        for (int i = 0; i < restsOn.size(); i++) {
            EvidencePin pin = restsOn.get(i);
            checks.require(pin != null, "restsOn[" + i + "]", "required", "is required");
            checks.require(pin == null || pinned.add(pin.evidenceId()), "restsOn[" + i + "]", "unique", "must not repeat an item");
        }
        checks.throwIfAny();
    }

    /** A confirmation resting on no evidence item. */
    public ForensicConfirmation(OrganisationId labOrganisationId, Trigger trigger, PartialDate triggerDate, Acquisition acquisition,
                                Method method, PartialDate confirmedOn, PartialDate publishedOn, String reportUrl,
                                Confidence confidence) {
        this(labOrganisationId, trigger, triggerDate, acquisition, method, confirmedOn, publishedOn, reportUrl, confidence, List.of());
    }

    /** This confirmation with its pins replaced by {@code pins} (the same items, hashes filled in). */
    ForensicConfirmation restingOn(List<EvidencePin> pins) {
        return new ForensicConfirmation(labOrganisationId, trigger, triggerDate, acquisition, method, confirmedOn, publishedOn,
                reportUrl, confidence, pins);
    }

    /** A confirmation is forensic only when a lab analysed the device with a method; a notification is a lead. */
    public boolean isForensic() {
        return labOrganisationId != null && method != null;
    }

    List<OrganisationId> organisationIds() {
        return labOrganisationId == null ? List.of() : List.of(labOrganisationId);
    }

    private static boolean isHttps(String url) {
        try {
            URI u = new URI(url);
            return "https".equalsIgnoreCase(u.getScheme()) && u.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }
}

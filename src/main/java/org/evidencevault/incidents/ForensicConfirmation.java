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
 * acquired and analysed, when the lab confirmed and when it published, and its confidence.
 * Rule: the trigger is not after the confirmation, and the confirmation not after publication
 * (compared at the coarser precision).
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
        Confidence confidence) {

    public ForensicConfirmation {
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
        checks.throwIfAny();
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

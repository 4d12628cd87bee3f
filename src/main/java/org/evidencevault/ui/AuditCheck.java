package org.evidencevault.ui;

import java.io.IOException;
import java.io.InputStream;
import org.evidencevault.access.AccessPolicy;
import org.evidencevault.access.CurrentActor;
import org.evidencevault.access.Permission;
import org.evidencevault.audit.AuditVerification;
import org.evidencevault.ledger.MalformedBundleException;
import org.evidencevault.ledger.Printable;
import org.evidencevault.ledger.VerificationFailure;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * An auditor brings a bundle (exported earlier, from here or from another copy of the log) and the vault checks it
 * with the offline verifier's code against its own pinned keys. The bundle is read from the request and kept nowhere;
 * the result names the first bad entry, as the command line does. For a bundle larger than the request limit, or to
 * trust no server at all, the page shows the offline command.
 */
@Controller
class AuditCheck {

    private final CurrentActor actor;
    private final AccessPolicy access;
    private final AuditVerification verification;

    AuditCheck(CurrentActor actor, AccessPolicy access, AuditVerification verification) {
        this.actor = actor;
        this.access = access;
        this.verification = verification;
    }

    @PostMapping("/audit/check")
    String check(@RequestParam(required = false) MultipartFile bundle, Model model) throws IOException {
        access.require(actor.get(), Permission.AUDIT_READ);
        if (bundle == null || bundle.isEmpty()) {
            model.addAttribute("outcome", "empty");
            return "audit-check";
        }
        try (InputStream in = bundle.getInputStream()) {
            model.addAttribute("report", verification.check(in));
            model.addAttribute("outcome", "ok");
        } catch (VerificationFailure f) {
            model.addAttribute("outcome", "failed");
            model.addAttribute("seq", f.seq());
            model.addAttribute("reason", Printable.escape(f.reason()));
        } catch (MalformedBundleException e) {
            model.addAttribute("outcome", "malformed");
            model.addAttribute("reason", Printable.escape(e.getMessage()));
        }
        return "audit-check";
    }
}

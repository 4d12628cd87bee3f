package org.evidencevault.audit;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;
import org.evidencevault.crypto.AuditSigningKey;
import org.evidencevault.crypto.Ed25519Keys;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.crypto.MlDsa65Keys;
import org.evidencevault.ledger.AuditBundle;
import org.evidencevault.ledger.AuditPublicKey;
import org.evidencevault.ledger.BundleVerifier;
import org.evidencevault.ledger.MalformedBundleException;
import org.evidencevault.ledger.SignatureMode;
import org.evidencevault.ledger.TrustPolicy;
import org.evidencevault.ledger.VerificationFailure;
import org.evidencevault.ledger.VerificationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The vault verifies its own log with the same code auditors run offline: it exports a range as a
 * bundle and checks it with {@link BundleVerifier}, pinning the key ring's public keys, every signature
 * checked. At start-up and then periodically it verifies everything after the newest checkpoint whose
 * signature verifies (the entries up to it are held to its root, from their bodies, at start and by the
 * integrity sweep): the position comes from a signed checkpoint, never from an unsigned marker. If anything
 * fails, health ({@code audit}) goes DOWN with the first entry that fails in seq order ({@link EntryScan}),
 * and a log alarm stops every audited operation.
 */
@Component("auditHealthIndicator")
public class AuditVerification implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(AuditVerification.class);
    static final long WINDOW = 5_000;

    /** The outcome of verifying a range: OK, or the first bad seq (null when not about one entry) and why. */
    public record Result(boolean ok, long from, long to, Long firstBadSeq, String reason) {
    }

    private final AuditStore store;
    private final AuditExport export;
    private final KeyRing keyRing;
    private final CheckpointStore checkpoints;
    private final EntrySignatures signatures;
    private final IntegrityAlarms alarms;
    private final BundleVerifier verifier = new BundleVerifier(Ed25519Keys::verify, Ed25519Keys.noteVerifier(),
            MlDsa65Keys.noteVerifier());
    private volatile Result last;

    AuditVerification(AuditStore store, AuditExport export, KeyRing keyRing, CheckpointStore checkpoints,
                      EntrySignatures signatures, IntegrityAlarms alarms) {
        this.store = store;
        this.export = export;
        this.keyRing = keyRing;
        this.checkpoints = checkpoints;
        this.signatures = signatures;
        this.alarms = alarms;
    }

    /** Verifies entries {@code from..to} as an auditor would, against the latest checkpoint. */
    public Result verifyRange(long from, long to) {
        for (long start = from; start <= to; start += WINDOW) {
            long end = Math.min(to, start + WINDOW - 1);
            long windowFrom = start == from ? start : start - 1;
            Result r;
            try {
                r = verifyWindow(windowFrom, end);
            } catch (IntegrityHaltException | StaleLogException halted) {
                // no checkpoint is signed while the log is halted (or the store is found to have changed, which
                // halts it): check what is signed, entry by entry
                Optional<EntryScan.Bad> bad = EntryScan.firstBad(store, signatures, windowFrom, end);
                if (bad.isPresent()) {
                    return new Result(false, from, to, bad.get().seq(), bad.get().reason());
                }
                continue;
            }
            if (!r.ok()) {
                // name the first entry that fails in seq order, whatever the bundle check stopped at
                Optional<EntryScan.Bad> bad = EntryScan.firstBad(store, signatures, windowFrom, end);
                return bad.map(b -> new Result(false, from, to, b.seq(), b.reason()))
                        .orElse(new Result(false, from, to, r.firstBadSeq(), r.reason()));
            }
        }
        return new Result(true, from, to, null, null);
    }

    /**
     * From the last entry of the newest checkpoint that verifies (re-checked, so the link to what follows is
     * too) to the tail; from entry 0 if no checkpoint verifies.
     */
    synchronized Result verifySinceLastVerified() {
        long tail = store.tail().seq();
        if (tail < 0) {
            return last = new Result(true, 0, -1, null, null);
        }
        long from = checkpoints.latestUpTo(tail + 1).filter(checkpoints::verifies).map(c -> Math.max(0, c.size() - 1)).orElse(0L);
        Result r = verifyRange(Math.min(from, tail), tail);
        if (!r.ok()) {
            log.error("AUDIT LOG VERIFICATION FAILED at seq {}: {}", r.firstBadSeq(), r.reason());
            alarms.raiseLog(r.firstBadSeq(), r.reason());
        } else {
            // an unacknowledged log alarm (a rollback found through the anchor, say) is not cleared by a clean scan
            Optional<IntegrityAlarms.Alarm> halted = alarms.firstLog();
            if (halted.isPresent()) {
                r = new Result(false, r.from(), r.to(), halted.get().seq(), halted.get().reason());
            }
        }
        last = r;
        return r;
    }

    /** Reports a failure found elsewhere (the integrity sweep), so health says it too. */
    void report(Result r) {
        if (!r.ok()) {
            last = r;
        }
    }

    @Scheduled(fixedDelayString = "${vault.audit.verify-interval:60s}", initialDelayString = "${vault.audit.verify-interval:60s}")
    void scheduled() {
        try {
            verifySinceLastVerified();
        } catch (RuntimeException e) {
            log.error("audit verification could not run: {}", e.getClass().getSimpleName());
        }
    }

    @Override
    public Health health() {
        Result r = last;
        if (r == null) {
            return Health.unknown().withDetail("state", "not verified yet").build();
        }
        if (!r.ok()) {
            return Health.down().withDetail("firstBadSeq", r.firstBadSeq() == null ? "none" : r.firstBadSeq())
                    .withDetail("reason", r.reason()).build();
        }
        return Health.up().withDetail("verifiedThrough", r.to()).build();
    }

    private Result verifyWindow(long from, long to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        export.range(from, to, null, out);
        try {
            verifier.verify(AuditBundle.parse(out.toByteArray()), TrustPolicy.pinning(publicKeys()).withSignatures(SignatureMode.ALL));
            return new Result(true, from, to, null, null);
        } catch (VerificationFailure f) {
            return new Result(false, from, to, f.seq(), org.evidencevault.ledger.Printable.escape(f.reason()));
        } catch (MalformedBundleException e) {
            return new Result(false, from, to, null, "the stored log does not form a valid bundle: "
                    + org.evidencevault.ledger.Printable.escape(e.getMessage()));
        }
    }

    /**
     * Checks a bundle someone brings (an auditor's upload, kept nowhere) with the offline verifier's own code, pinning
     * this vault's public keys and checking every signature: what {@code java -jar evidence-vault.jar verify} does.
     */
    public VerificationReport check(java.io.InputStream bundle) throws VerificationFailure, MalformedBundleException {
        return verifier.verify(AuditBundle.parse(bundle), TrustPolicy.pinning(publicKeys()).withSignatures(SignatureMode.ALL));
    }

    private List<AuditPublicKey> publicKeys() {
        return keyRing.signingKeys().stream().map(AuditVerification::publicKey).toList();
    }

    static AuditPublicKey publicKey(AuditSigningKey k) {
        return new AuditPublicKey(k.keyId(), k.ed25519PublicKey(), k.mlDsa65PublicKey());
    }
}

package org.evidencevault.cli;

import org.evidencevault.ledger.BundleScope;
import org.evidencevault.ledger.SignatureMode;
import org.evidencevault.ledger.VerificationReport;

/** The one-line summary {@code verify} prints after {@code OK: }. */
final class VerificationSummary {

    private VerificationSummary() {
    }

    /** {@code proven: checkpoint size N existed by <time> (<who>, ...)}, one line per checkpoint with outside proof. */
    static String proven(org.evidencevault.ledger.ProvenTime p) {
        return "proven: checkpoint size " + p.size() + " existed by " + p.earliest() + " (" + String.join(", ", p.by()) + ")";
    }

    static String of(VerificationReport report) {
        StringBuilder line = new StringBuilder().append(report.entriesVerified()).append(" entries");
        String scope = report.scope() instanceof BundleScope.Incident incident
                ? "incident " + incident.incidentId() : "range";
        if (report.firstSeq() != null) {
            line.append(" (seq ").append(report.firstSeq()).append("..").append(report.lastSeq())
                    .append(", ").append(scope).append(')');
        } else {
            line.append(" (").append(scope).append(')');
        }
        line.append(", ").append(report.checkpointsVerified())
                .append(report.checkpointsVerified() == 1 ? " checkpoint" : " checkpoints")
                .append("; latest checkpoint: size ").append(report.latestSize())
                .append(", root ").append(report.latestRoot());
        if (report.latestTime() != null) {
            line.append(", time ").append(report.latestTime());
        }
        line.append("; keys ").append(String.join(", ", report.keysUsed()))
                .append("; signatures: ")
                .append(report.signatures() == SignatureMode.ALL ? "all" : "checkpoints only");
        return line.toString();
    }
}

package org.evidencevault.ledger;

import java.util.List;

/**
 * What a successful {@link BundleVerifier#verify} established.
 *
 * @param scope               the bundle's scope
 * @param signatures          which signatures were checked
 * @param entriesVerified     how many entries
 * @param firstSeq            the first entry's seq, {@code null} for a bundle without entries
 * @param lastSeq             the last entry's seq, {@code null} for a bundle without entries
 * @param checkpointsVerified how many checkpoints opened and were proven consistent
 * @param latestSize          the latest checkpoint's tree size
 * @param latestRoot          the latest checkpoint's root, standard base64
 * @param latestTime          the latest checkpoint's {@code time} extension, or {@code null} if it has none
 * @param keysUsed            the key ids of the keys that signed what was verified, sorted
 * @param warnings            what the auditor should know about the strength of the result
 * @param provenTimes         for each checkpoint with a valid cosignature or time-stamp, the earliest time proven
 */
public record VerificationReport(BundleScope scope, SignatureMode signatures, long entriesVerified, Long firstSeq,
                                 Long lastSeq, int checkpointsVerified, long latestSize, String latestRoot,
                                 String latestTime, List<String> keysUsed, List<String> warnings, List<ProvenTime> provenTimes) {

    public VerificationReport {
        keysUsed = List.copyOf(keysUsed);
        warnings = List.copyOf(warnings);
        provenTimes = List.copyOf(provenTimes);
    }
}

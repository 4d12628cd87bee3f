package org.evidencevault.audit;

import java.util.List;
import org.evidencevault.ledger.NoteSignature;

/**
 * Proof of the log's checkpoints from outside the vault (the {@code anchoring} package): witnesses' cosignatures and
 * Time-Stamp Authorities' tokens. The audit log serves them with its checkpoints and carries them in bundles; it does
 * not depend on where they come from. Each is checked (against the pinned witness key or TSA certificate) before it
 * is handed out, so a cosignature or token changed in the store is left out, never served.
 */
public interface CheckpointAnchors {

    /** The verified cosignature lines of the checkpoint of {@code size} whose signed note is {@code note}. */
    List<NoteSignature> cosignatures(long size, String note);

    /** The verified time-stamp tokens (DER) of the checkpoint of {@code size} whose signed note is {@code note}. */
    List<byte[]> timestamps(long size, String note);

    /**
     * Asks the witnesses to cosign the checkpoint of {@code size} now, waiting at most the configured timeout (an export
     * about to hand out a checkpoint made moments ago). Never throws: a witness that is down only means fewer cosignatures.
     */
    void anchorNow(long size);

    /**
     * Asks every TSA for a token over the checkpoint of {@code size} now, whatever the rate limit (an evidence package
     * about to carry it), waiting at most the configured timeout for each. Never throws.
     */
    void stampNow(long size);

    /** The size of the newest checkpoint a TSA time-stamped (0: none known), for a bundle to carry its token. */
    long newestStamped();

    /** No witness, no TSA. */
    CheckpointAnchors NONE = new CheckpointAnchors() {
        @Override
        public List<NoteSignature> cosignatures(long size, String note) {
            return List.of();
        }

        @Override
        public List<byte[]> timestamps(long size, String note) {
            return List.of();
        }

        @Override
        public void anchorNow(long size) {
        }

        @Override
        public void stampNow(long size) {
        }

        @Override
        public long newestStamped() {
            return 0;
        }
    };
}

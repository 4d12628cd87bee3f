/**
 * Proof that outlives the vault: each new checkpoint of the audit log is submitted to the configured witnesses
 * (c2sp.org/tlog-witness, with a consistency proof from what each last cosigned) and time-stamped by the configured
 * Time-Stamp Authorities (RFC 3161, at a bounded rate, always the newest checkpoint). Cosignatures and tokens are
 * stored beside the log, checked against the pinned witness keys and TSA certificates every time they are read, and
 * served with checkpoints and in bundles ({@link org.evidencevault.audit.CheckpointAnchors}). On its own thread: a
 * witness or TSA that is down delays nothing and is retried.
 */
package org.evidencevault.anchoring;

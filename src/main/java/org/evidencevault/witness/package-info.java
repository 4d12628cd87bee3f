/**
 * A transparency-log witness (c2sp.org/tlog-witness) small enough for a partner NGO or a mandate's office to run
 * next to nothing else: {@code java -jar evidence-vault.jar witness ...}. It keeps, durably, the latest size and root
 * of each log it witnesses, cosigns a checkpoint only if it is consistent with what it cosigned before
 * (c2sp.org/tlog-cosignature), and refuses a split view or a rollback. No Spring, no database.
 */
package org.evidencevault.witness;

package org.evidencevault.audit;

/** An entry the store acknowledged: its sequence number and hash. */
record AppendedEntry(long seq, String hash) {
}

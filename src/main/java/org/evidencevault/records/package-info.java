/**
 * The sealed-record toolkit every record type is stored with: a versioned collection whose sensitive
 * fields are sealed under the record's own data key, read back only inside an audited read, and changed
 * only through recorded changes ({@link org.evidencevault.audit.StateChange}) that also create the data key.
 */
package org.evidencevault.records;

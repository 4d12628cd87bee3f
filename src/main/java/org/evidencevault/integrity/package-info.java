/**
 * The integrity sweep: in the background, a slice at a time, the whole log re-checked from what is
 * signed and every stored record held to the entry that last changed it, so a full pass ends within
 * {@code vault.integrity.sweep-period} (default 24 h). Depends on {@code audit} (the log) and {@code records}
 * (the record kinds).
 */
package org.evidencevault.integrity;

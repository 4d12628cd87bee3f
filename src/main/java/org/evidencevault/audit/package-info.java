/**
 * The audit seam: every state change and every read of decrypted sensitive data runs through
 * {@link org.evidencevault.audit.Audited}, which records an audit entry first and fails closed.
 */
package org.evidencevault.audit;

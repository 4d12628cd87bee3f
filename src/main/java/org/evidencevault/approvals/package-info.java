/**
 * Four-eyes: an irreversible act (erasing a defender; later exports) is done only under the approval of a second
 * authorised person, never the requester, bound to the exact act (what, which record, from which version, by whom:
 * a SHA-256 over their canonical JSON), expiring, and used once. Requests, decisions and uses are recorded
 * changes; the reason is sealed. Capabilities that need an approval ask this module; it knows nothing of them.
 */
package org.evidencevault.approvals;

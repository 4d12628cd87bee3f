/**
 * Evidence files: an item is registered with its metadata, then its bytes arrive as a resumable stream
 * (offset-based, in the spirit of tus 1.0), hashed (SHA-256 and SHA-512 of the exact bytes) and encrypted
 * segment by segment ({@link org.evidencevault.crypto.StreamingAead}) without ever being held whole in memory;
 * the original never changes; every intake, check and download is an audit entry, and an item's custody is
 * read back from the log.
 */
package org.evidencevault.evidence;

/**
 * The only home of ciphers: field sealing (AES-256-GCM envelopes under per-record data keys wrapped by
 * key-encryption keys), blind indexes, digests, the key ring and its backup as Shamir shares. Nothing outside this package touches
 * javax.crypto or Bouncy Castle.
 */
package org.evidencevault.crypto;

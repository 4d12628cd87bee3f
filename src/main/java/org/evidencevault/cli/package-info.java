/** Offline commands in the same jar (keygen, KEK and signing-key rotation, audit key pinning, key backup as Shamir shares, audit bundle verification); they start no Spring context. */
package org.evidencevault.cli;

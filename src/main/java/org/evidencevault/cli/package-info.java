/** Offline commands in the same jar (keygen, KEK and signing-key rotation, audit key pinning, audit bundle verification); they start no Spring context. */
package org.evidencevault.cli;

/** Offline commands in the same jar (keygen, KEK rotation, audit bundle verification); they start no Spring context. */
package org.evidencevault.cli;

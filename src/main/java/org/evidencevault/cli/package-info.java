/** Offline commands in the same jar (keygen, KEK rotation); they start no Spring context. */
package org.evidencevault.cli;

/**
 * Spring-free building blocks of the signed, hash-chained audit ledger: RFC 8785 canonical JSON, RFC 9162
 * Merkle trees and proofs, and C2SP signed notes and checkpoints, usable by the offline verifier.
 */
package org.evidencevault.ledger;

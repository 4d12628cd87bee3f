/**
 * RFC 9457 problem documents, the one shape every error of the vault takes: their type URNs, and how
 * code that runs before Spring MVC (filters, entry points, error pages) writes one.
 */
package org.evidencevault.problems;

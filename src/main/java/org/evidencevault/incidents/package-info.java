/**
 * Incidents of targeted surveillance, the defenders they concern, the organisations involved, forensic
 * confirmations and consents: the domain rules, the sealed store and the audited application services.
 */
package org.evidencevault.incidents;

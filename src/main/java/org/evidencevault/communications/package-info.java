/**
 * UN Special Procedures communications (letters): references and their grammar, replies and the derived
 * reply deadline and publication date, citations of incidents and of earlier letters, the sealed store and
 * the audited application service. {@code communications.web} holds the controllers.
 */
package org.evidencevault.communications;

/**
 * Evidence packages: one incident's evidence, handed on to a mandate or a court as a BagIt zip that proves itself
 * offline (files byte for byte, their metadata, the incident and the letters citing it, each item's chain of
 * custody as an audit bundle with the stored changes its entries commit to, cosignatures and time-stamps, and how
 * to verify it in three languages). Exporting one is a recorded act, with a passkey confirmation and a second
 * officer's approval, and is part of the custody history of every item it carries.
 */
package org.evidencevault.packages;

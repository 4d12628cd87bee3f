package org.evidencevault.communications;

/**
 * The type printed at the start of a reference: urgent appeal, allegation letter, other letter; the
 * legacy joint forms (JUA, JAL, JOL) of older letters are accepted and kept as printed.
 */
public enum CommunicationType {
    UA, AL, OL, JUA, JAL, JOL
}

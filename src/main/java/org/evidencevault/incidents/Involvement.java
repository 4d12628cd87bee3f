package org.evidencevault.incidents;

/** HURIDOCS degree of involvement of a perpetrator. */
public enum Involvement { DIRECT_PERPETRATOR, INVOLVED_IN_THE_ACT, SUSPECTED_OF_INVOLVEMENT }

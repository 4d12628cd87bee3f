package org.evidencevault.incidents;

/** How far an incident, or one infection event, is established. */
public enum IncidentStatus { CONFIRMED_INFECTION, ATTEMPTED_TARGETING, SUSPECTED, INCONCLUSIVE, NO_EVIDENCE }

package org.evidencevault.incidents;

/** Known mercenary spyware families; UNKNOWN when the lab could not tell, OTHER for anything else. */
public enum Spyware { PEGASUS, PREDATOR, GRAPHITE, REIGN, DEVILS_TONGUE, HERMIT, FINFISHER, OTHER, UNKNOWN }

/** Fault tests of the whole vault: kill loops, store outages, full disks, clock skew, a store replaced under it. */
package org.evidencevault.reliability;

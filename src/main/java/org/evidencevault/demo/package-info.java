/** The demo profile's seed case (AL OTH 62/2023, public facts only), loaded once through the audited services. */
package org.evidencevault.demo;

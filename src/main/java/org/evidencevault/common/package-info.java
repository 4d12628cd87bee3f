/** Shared kernel: rule violations and value types every capability speaks. */
package org.evidencevault.common;

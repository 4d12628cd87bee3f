/** Operator actions: key-encryption key rotation (re-wrap of data keys). */
package org.evidencevault.admin;

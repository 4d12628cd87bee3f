/**
 * The one access policy: which role may do what ({@link org.evidencevault.access.AccessPolicy}, decided by
 * {@link org.evidencevault.access.RoleBasedAccessPolicy}), and who is asking
 * ({@link org.evidencevault.access.CurrentActor}). Every service asks it; nothing here depends on how
 * people log in (the {@code security} module) or on the audit log.
 */
package org.evidencevault.access;

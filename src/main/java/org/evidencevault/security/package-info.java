/**
 * Who logs in and how: accounts (Argon2id passwords, TOTP, passkeys), the two-factor login of browsers,
 * sessions, bearer tokens for API clients, login throttling, and the audit of every access. What a
 * logged-in person may then see and do is decided by the {@code access} module.
 */
package org.evidencevault.security;

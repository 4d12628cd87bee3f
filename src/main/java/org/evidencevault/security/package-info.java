/**
 * Who may do what: accounts (Argon2id), bearer tokens for API clients, form login for browsers,
 * the role-to-permission policy and the current {@link org.evidencevault.common.Actor}.
 */
package org.evidencevault.security;

package org.evidencevault.security;

/**
 * What an API token may do: read (GET and HEAD, and the POST searches that only read) or read and write.
 * Never more than its account holds: a token's roles are narrowed to the account's current roles on use.
 */
public enum TokenScope {
    READ_ONLY, READ_WRITE
}

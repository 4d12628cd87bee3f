package org.evidencevault.security;

/** An account with this username already exists. */
public class AccountExistsException extends RuntimeException {
    public AccountExistsException(String username) {
        super("account " + username + " already exists");
    }
}

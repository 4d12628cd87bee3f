package org.evidencevault.security;

import org.evidencevault.common.AlreadyExistsException;

/** An account with this username exists already. */
public class AccountExistsException extends AlreadyExistsException {
    public AccountExistsException() {
        super("account");
    }
}

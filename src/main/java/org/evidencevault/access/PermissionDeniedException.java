package org.evidencevault.access;

import org.springframework.security.access.AccessDeniedException;

/** The actor's roles do not grant {@link #permission()}; the message names the permission, nothing else. */
public class PermissionDeniedException extends AccessDeniedException {
    private final Permission permission;

    public PermissionDeniedException(Permission permission) {
        super("permission " + permission + " required");
        this.permission = permission;
    }

    public Permission permission() {
        return permission;
    }
}

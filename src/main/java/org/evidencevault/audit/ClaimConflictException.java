package org.evidencevault.audit;

/** Another entry already claimed this (target, version): the change is stale and was not recorded. */
class ClaimConflictException extends RuntimeException {
    private final String claim;

    ClaimConflictException(String claim) {
        super("already recorded: " + claim);
        this.claim = claim;
    }

    String claim() {
        return claim;
    }
}

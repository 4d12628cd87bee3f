package org.evidencevault.common;

import java.time.Duration;

/**
 * An irreversible or sensitive act (an erasure, a public-naming consent, an approval) asked for without a recent
 * strong factor: the account must confirm itself with a passkey (again) within {@link #window()} before it.
 */
public class StepUpRequiredException extends RuntimeException {
    private final Duration window;

    public StepUpRequiredException(Duration window) {
        super("this needs a passkey confirmation within the last " + window.toMinutes() + " minutes");
        this.window = window;
    }

    public Duration window() {
        return window;
    }
}

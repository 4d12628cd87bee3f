package org.evidencevault.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * {@code vault.logins}, tagged {@code outcome}: {@code success} (a browser login with both factors, or a token issued
 * for password and code), {@code failure} (a wrong password or unknown user, a wrong authenticator code, a passkey
 * assertion refused) and {@code throttled} (an attempt refused by {@link LoginThrottle} unchecked). Counted where the
 * vault records the same outcome in the audit log; never tagged with a username or an address.
 */
@Component
class LoginMetrics {

    private final Counter success;
    private final Counter failure;
    private final Counter throttled;

    LoginMetrics(MeterRegistry meters) {
        this.success = counter(meters, "success");
        this.failure = counter(meters, "failure");
        this.throttled = counter(meters, "throttled");
    }

    private static Counter counter(MeterRegistry meters, String outcome) {
        return Counter.builder("vault.logins").description("logins and login attempts, by outcome").tag("outcome", outcome)
                .register(meters);
    }

    void succeeded() {
        success.increment();
    }

    void failed() {
        failure.increment();
    }

    void throttled() {
        throttled.increment();
    }
}

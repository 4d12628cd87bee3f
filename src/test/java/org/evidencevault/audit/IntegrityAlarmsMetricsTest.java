package org.evidencevault.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * {@code vault.integrity.failures} counts each alarm this instance raises once, by scope; an alarm read back from the
 * log is not counted again; {@code vault.integrity.alarms} is how many are raised now; no meter names a subject or
 * carries a reason.
 */
class IntegrityAlarmsMetricsTest {

    @Test
    void eachNewAlarmIsCountedOnceByScopeAndTheGaugeFollowsTheAlarms() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        IntegrityAlarms alarms = new IntegrityAlarms(Clock.systemUTC(), meters);
        assertThat(failures(meters, "record")).isZero();
        assertThat(meters.get("vault.integrity.alarms").gauge().value()).isZero();

        alarms.raise("defenders/7f1c", 12L, "its stored fields do not match the entry");
        alarms.raise("defenders/7f1c", 12L, "its stored fields do not match the entry");
        alarms.raiseLog(40L, "entry 40 does not verify");
        alarms.restore(new IntegrityAlarms.Alarm(IntegrityAlarms.Scope.RECORD, "incidents/a2", null, "raised elsewhere",
                java.time.Instant.now()));

        assertThat(failures(meters, "record")).as("the same finding twice is one alarm").isEqualTo(1);
        assertThat(failures(meters, "log")).isEqualTo(1);
        assertThat(meters.get("vault.integrity.alarms").gauge().value()).as("also the one read back").isEqualTo(3);
        for (Meter m : meters.getMeters()) {
            assertThat(m.getId().getTags()).allMatch(t -> t.getValue().matches("[a-z]+"), "fixed words only");
        }

        alarms.clear();
        assertThat(meters.get("vault.integrity.alarms").gauge().value()).isZero();
        assertThat(failures(meters, "record") + failures(meters, "log")).as("a counter never goes back").isEqualTo(2);
    }

    private static double failures(SimpleMeterRegistry meters, String scope) {
        return meters.get("vault.integrity.failures").tag("scope", scope).counter().count();
    }
}

package org.evidencevault.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * What the vault found wrong with its own store: a stored record that contradicts the change recorded
 * for it, a store that is not the one this instance was signing for. Each alarm names what it is about
 * (collection and id, or the log) and the seq when it concerns an entry; health ({@code integrity}) is
 * DOWN while any is raised. Texts are built from ids and fixed words only, never from stored values.
 */
@Component("integrityHealthIndicator")
public class IntegrityAlarms implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(IntegrityAlarms.class);
    private static final int MAX_KEPT = 100;

    /** One finding: what it is about, the entry it concerns (or null), why, and when it was raised. */
    public record Alarm(String subject, Long seq, String reason, Instant raisedAt) {
    }

    private final Clock clock;
    private final Map<String, Alarm> alarms = new LinkedHashMap<>();

    IntegrityAlarms(Clock clock) {
        this.clock = clock;
    }

    /** Raises an alarm (once per subject and reason) and logs it. */
    public synchronized void raise(String subject, Long seq, String reason) {
        String key = subject + "\u0000" + reason;
        if (alarms.containsKey(key)) {
            return;
        }
        if (alarms.size() >= MAX_KEPT) {
            alarms.remove(alarms.keySet().iterator().next());
        }
        alarms.put(key, new Alarm(subject, seq, reason, clock.instant()));
        log.error("INTEGRITY ALARM: {}{}: {}", subject, seq == null ? "" : " (seq " + seq + ")", reason);
    }

    public synchronized List<Alarm> current() {
        return new ArrayList<>(alarms.values());
    }

    public synchronized boolean any() {
        return !alarms.isEmpty();
    }

    @Override
    public Health health() {
        List<Alarm> now = current();
        if (now.isEmpty()) {
            return Health.up().build();
        }
        Alarm first = now.get(0);
        return Health.down().withDetail("alarms", now.size()).withDetail("subject", first.subject())
                .withDetail("seq", first.seq() == null ? "none" : first.seq()).withDetail("reason", first.reason()).build();
    }
}

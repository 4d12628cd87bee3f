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
 * What the vault found wrong with its own store. A <b>record</b> alarm (a stored record or data key that
 * contradicts the change recorded for it) stops every change; a <b>log</b> alarm (the store's log is not the
 * one this instance verified: replaced, rolled back, rewritten) stops every audited operation, reads
 * included, since their entries would go into a log the vault cannot vouch for. Each alarm names what it is
 * about and the seq when it concerns an entry; health ({@code integrity}) is DOWN while any is raised. Texts
 * are built from ids, numbers and fixed words only, never from stored values.
 */
@Component("integrityHealthIndicator")
public class IntegrityAlarms implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(IntegrityAlarms.class);
    private static final int MAX_KEPT = 100;
    static final String LOG_SUBJECT = "audit_log";

    /** What an alarm stops: changes (a record) or everything audited (the log). */
    public enum Scope { RECORD, LOG }

    /** One finding: what it stops, what it is about, the entry it concerns (or null), why, and when. */
    public record Alarm(Scope scope, String subject, Long seq, String reason, Instant raisedAt) {
    }

    private final Clock clock;
    private final Map<String, Alarm> alarms = new LinkedHashMap<>();

    IntegrityAlarms(Clock clock) {
        this.clock = clock;
    }

    /** Raises a record alarm (once per subject and reason) and logs it. */
    public void raise(String subject, Long seq, String reason) {
        add(new Alarm(Scope.RECORD, subject, seq, reason, clock.instant()));
    }

    /** Raises a log alarm: the store's log is not the one this instance verified. */
    public void raiseLog(Long seq, String reason) {
        add(new Alarm(Scope.LOG, LOG_SUBJECT, seq, reason, clock.instant()));
    }

    private synchronized void add(Alarm alarm) {
        String key = alarm.scope() + "\u0000" + alarm.subject() + "\u0000" + alarm.reason();
        if (alarms.containsKey(key)) {
            return;
        }
        if (alarms.size() >= MAX_KEPT) {
            alarms.remove(alarms.keySet().iterator().next());
        }
        alarms.put(key, alarm);
        log.error("INTEGRITY ALARM ({}): {}{}: {}", alarm.scope(), alarm.subject(),
                alarm.seq() == null ? "" : " (seq " + alarm.seq() + ")", alarm.reason());
    }

    public synchronized List<Alarm> current() {
        return new ArrayList<>(alarms.values());
    }

    public synchronized boolean any() {
        return !alarms.isEmpty();
    }

    /** Returns normally unless a log alarm is raised. */
    void requireLogTrusted() {
        Alarm a = first(Scope.LOG);
        if (a != null) {
            throw new IntegrityHaltException("the audit log is halted: " + a.reason());
        }
    }

    /** Returns normally unless any alarm is raised: changes stop at the first one. */
    void requireWritable() {
        requireLogTrusted();
        Alarm a = first(Scope.RECORD);
        if (a != null) {
            throw new IntegrityHaltException("changes are halted: " + a.subject() + (a.seq() == null ? "" : " (seq " + a.seq() + ")")
                    + ": " + a.reason());
        }
    }

    private synchronized Alarm first(Scope scope) {
        return alarms.values().stream().filter(a -> a.scope() == scope).findFirst().orElse(null);
    }

    @Override
    public Health health() {
        List<Alarm> now = current();
        if (now.isEmpty()) {
            return Health.up().build();
        }
        Alarm first = now.stream().filter(a -> a.scope() == Scope.LOG).findFirst().orElse(now.get(0));
        return Health.down().withDetail("alarms", now.size()).withDetail("scope", first.scope().name())
                .withDetail("subject", first.subject()).withDetail("seq", first.seq() == null ? "none" : first.seq())
                .withDetail("reason", first.reason()).build();
    }
}

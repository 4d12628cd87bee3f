package org.evidencevault.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * What the vault found wrong with its own store. A <b>record</b> alarm (a stored record or data key that
 * contradicts the change recorded for it) stops every change; a <b>log</b> alarm (the store's log is not the
 * one this instance verified: replaced, rolled back, rewritten, or an entry that fails verification) stops
 * every audited operation, reads included, since their entries would go into a log the vault cannot vouch
 * for. Each alarm names what it is about and the seq when it concerns an entry; health ({@code integrity})
 * is DOWN while any is raised. Texts are built from ids, numbers and fixed words only, never from stored
 * values.
 *
 * <p>Alarms outlive the process: each new one is recorded in the log itself ({@code integrity.alarm},
 * {@link AlarmRecorder}), re-derived from the log at start and shared with other instances, and only an
 * operator's acknowledgement ({@code integrity.acknowledged}) clears them. A problem still there is found
 * again by the next read or sweep.
 *
 * <p>Metrics: {@code vault.integrity.failures} counts the alarms this instance raised ({@code scope=record|log}: a
 * record or the log failed verification); {@code vault.integrity.alarms} is how many are raised now (also those
 * read back from the log). Neither carries a subject, a seq or a reason.
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
        /** How the alarm is named in its audit entry: ids and numbers only. */
        String targetId() {
            return scope.name().toLowerCase(java.util.Locale.ROOT) + ":" + subject + (seq == null ? "" : "@" + seq);
        }
    }

    /** Told of every new alarm, so it can be recorded where it outlives this process. */
    interface Listener {
        void raised(Alarm alarm);
    }

    private final Clock clock;
    private final Map<String, Alarm> alarms = new LinkedHashMap<>();
    private volatile Listener listener;
    private final Counter recordFailures;
    private final Counter logFailures;

    IntegrityAlarms(Clock clock, MeterRegistry meters) {
        this.clock = clock;
        this.recordFailures = failures(meters, Scope.RECORD);
        this.logFailures = failures(meters, Scope.LOG);
        Gauge.builder("vault.integrity.alarms", this, a -> a.current().size())
                .description("integrity alarms raised and not yet acknowledged").register(meters);
    }

    private static Counter failures(MeterRegistry meters, Scope scope) {
        return Counter.builder("vault.integrity.failures").description("integrity alarms this instance raised: a record or the log failed verification")
                .tag("scope", scope.name().toLowerCase(java.util.Locale.ROOT)).register(meters);
    }

    void listen(Listener l) {
        this.listener = l;
    }

    /** Raises a record alarm (once per subject and reason) and logs it. */
    public void raise(String subject, Long seq, String reason) {
        add(new Alarm(Scope.RECORD, subject, seq, reason, clock.instant()), true);
    }

    /** A record of type {@code type} failed its check against the log. */
    public void raiseRecord(String type, String subject, Long seq, String reason) {
        raise(subject, seq, reason);
    }

    /** Raises a log alarm: the store's log is not the one this instance verified. */
    public void raiseLog(Long seq, String reason) {
        add(new Alarm(Scope.LOG, LOG_SUBJECT, seq, reason, clock.instant()), true);
    }

    /** An alarm read back from the log (raised before a restart, or by another instance): not recorded again. */
    void restore(Alarm alarm) {
        add(alarm, false);
    }

    /** Clears every alarm (an operator acknowledged them; {@link AlarmRecorder} recorded it). */
    synchronized void clear() {
        alarms.clear();
    }

    private void add(Alarm alarm, boolean fresh) {
        boolean added;
        synchronized (this) {
            String key = alarm.targetId() + "\u0000" + (fresh ? alarm.reason() : "");
            boolean known = alarms.values().stream().anyMatch(a -> a.targetId().equals(alarm.targetId()));
            added = !alarms.containsKey(key) && !known;
            if (added) {
                if (alarms.size() >= MAX_KEPT) {
                    alarms.remove(alarms.keySet().iterator().next());
                }
                alarms.put(key, alarm);
            }
        }
        if (added && fresh) {
            (alarm.scope() == Scope.LOG ? logFailures : recordFailures).increment();
            log.error("INTEGRITY ALARM ({}): {}{}: {}", alarm.scope(), alarm.subject(),
                    alarm.seq() == null ? "" : " (seq " + alarm.seq() + ")", alarm.reason());
            Listener l = listener;
            if (l != null) {
                l.raised(alarm);
            }
        }
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

    /** The first log alarm raised and not yet acknowledged, if any. */
    Optional<Alarm> firstLog() {
        return Optional.ofNullable(first(Scope.LOG));
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

package org.evidencevault.store;

import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one clock every validity decision of the vault uses (token expiry, entry times, record times): the
 * store's clock, as measured from this instance. Every instance on one store therefore agrees on the time
 * to within the round trip of a measurement, however wrong its own host clock is. The offset between the
 * host clock and the store's {@code localTime} (from {@code isMaster}) is measured at start-up and then
 * every {@code vault.time.measure-interval}, keeping the sample with the shortest round trip; between
 * measurements the host clock advances it. Millisecond precision (what the store keeps), and never
 * backwards within an instance.
 */
public final class StoreTime extends Clock {

    private static final Logger log = LoggerFactory.getLogger(StoreTime.class);
    private static final int SAMPLES = 3;

    /** One measurement: the host clock's offset from the store's, and the round trip it took. */
    public record Offset(long offsetMillis, long roundTripMillis, Instant measuredAt) {
    }

    private final HostClock host;
    private final MongoDatabase db;
    private final Duration warnAbove;
    private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);
    private volatile Offset offset;

    StoreTime(HostClock host, MongoDatabase db, Duration warnAbove) {
        this.host = host;
        this.db = db;
        this.warnAbove = warnAbove;
        this.offset = new Offset(0, -1, null);
    }

    /** Measures the offset to the store's clock now; keeps the previous one if the store does not answer. */
    public Offset measure() {
        Offset best = null;
        for (int i = 0; i < SAMPLES; i++) {
            long t0 = host.millis();
            Date storeTime = db.runCommand(new Document("isMaster", 1)).getDate("localTime");
            long t1 = host.millis();
            if (storeTime == null) {
                throw new IllegalStateException("the store did not report its time");
            }
            Offset o = new Offset(storeTime.getTime() - (t0 + t1) / 2, t1 - t0, null);
            if (best == null || o.roundTripMillis() < best.roundTripMillis()) {
                best = o;
            }
        }
        Offset measured = new Offset(best.offsetMillis(), best.roundTripMillis(),
                Instant.ofEpochMilli(host.millis() + best.offsetMillis()));
        if (Math.abs(measured.offsetMillis()) > warnAbove.toMillis()
                && (offset.measuredAt() == null || Math.abs(offset.offsetMillis()) <= warnAbove.toMillis())) {
            log.warn("this host's clock is {} ms {} the store's; the vault uses the store's time", Math.abs(measured.offsetMillis()),
                    measured.offsetMillis() > 0 ? "behind" : "ahead of");
        }
        offset = measured;
        return measured;
    }

    public Offset offset() {
        return offset;
    }

    @Override
    public long millis() {
        long now = host.millis() + offset.offsetMillis();
        return last.accumulateAndGet(now, Math::max);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone)) {
            return this;
        }
        throw new UnsupportedOperationException("the vault's clock is UTC");
    }
}

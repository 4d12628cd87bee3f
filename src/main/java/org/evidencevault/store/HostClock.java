package org.evidencevault.store;

/**
 * This machine's own clock, in epoch milliseconds. The vault never decides anything by it directly: it is
 * only the base that {@link StoreTime} corrects to the store's clock. A bean, so that tests can give an
 * instance a skewed clock.
 */
@FunctionalInterface
public interface HostClock {

    long millis();

    static HostClock system() {
        return System::currentTimeMillis;
    }
}

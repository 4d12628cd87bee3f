package org.evidencevault.security;

import java.time.Instant;
import org.evidencevault.crypto.SecretBytes;
import org.evidencevault.crypto.Totp;

/**
 * A person's authenticator app in a test: it shows the code of a 30-second step. The vault accepts each
 * code once and only for a later step than the last one used (one step of tolerance either way), so this
 * hands out successive steps and waits for the clock when it has used them all.
 */
final class Authenticator {

    private final SecretBytes secret;
    private long lastStep = Long.MIN_VALUE;

    Authenticator(SecretBytes secret) {
        this.secret = secret;
    }

    static Authenticator of(String base32) {
        return new Authenticator(Totp.fromBase32(base32));
    }

    /** A code the vault has not seen yet for this account. */
    synchronized String nextCode() throws InterruptedException {
        long now = step(Instant.now());
        long step = Math.max(lastStep + 1, now - 1);
        while (step > step(Instant.now()) + 1) {
            Thread.sleep(250);
        }
        lastStep = step;
        return Totp.code(secret, Instant.ofEpochSecond(step * Totp.STEP_SECONDS));
    }

    /** The code of one step (for tests that pick their steps themselves). */
    synchronized String codeAt(long step) {
        lastStep = Math.max(lastStep, step);
        return Totp.code(secret, Instant.ofEpochSecond(step * Totp.STEP_SECONDS));
    }

    /** A code that is wrong now (the one of an hour ago). */
    String wrongCode() {
        String right = Totp.code(secret, Instant.now());
        String old = Totp.code(secret, Instant.now().minusSeconds(3600));
        return old.equals(right) ? String.format("%06d", (Integer.parseInt(right) + 1) % 1_000_000) : old;
    }

    private static long step(Instant at) {
        return at.getEpochSecond() / Totp.STEP_SECONDS;
    }
}

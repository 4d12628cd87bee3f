package org.evidencevault.evidence;

import org.evidencevault.crypto.StreamingAead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Once the vault is up, a background thread encrypts, decrypts and hashes {@code vault.evidence.warm-up} (default
 * 512 MB) of throw-away data in small pieces ({@link StreamingAead#warmUp}), so that the first evidence upload and
 * download run at compiled speed rather than at the interpreter's.
 */
@Component
class CipherWarmUp {

    private static final Logger log = LoggerFactory.getLogger(CipherWarmUp.class);

    private final long bytes;

    CipherWarmUp(@Value("${vault.evidence.warm-up:512MB}") DataSize bytes) {
        this.bytes = bytes.toBytes();
    }

    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        if (bytes <= 0) {
            return;
        }
        Thread t = new Thread(() -> {
            long start = System.nanoTime();
            StreamingAead.warmUp(bytes);
            log.info("evidence cipher warmed up: {} MB in {} ms", bytes / 1_000_000, (System.nanoTime() - start) / 1_000_000);
        }, "evidence-cipher-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }
}

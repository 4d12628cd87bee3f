package org.evidencevault.anchoring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.evidencevault.audit.CheckpointAnchors;
import org.evidencevault.audit.Checkpoints;
import org.evidencevault.crypto.Digests;
import org.evidencevault.crypto.Ed25519Keys;
import org.evidencevault.crypto.TimeStamps;
import org.evidencevault.ledger.Cosignature;
import org.evidencevault.ledger.MalformedNoteException;
import org.evidencevault.ledger.NoteSignature;
import org.evidencevault.ledger.NoteVerificationException;
import org.evidencevault.ledger.SignedNote;
import org.evidencevault.ledger.WitnessKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Asks the configured witnesses to cosign and the configured TSAs to time-stamp the newest checkpoint, on its own
 * thread every {@code vault.anchoring.interval}: each witness with a consistency proof from the size it last
 * cosigned (learnt from its 409 after a restart), each TSA at most once per {@code tsa-interval}. What they return is
 * checked before it is stored and again whenever it is read. A witness or TSA that does not answer is retried at the
 * next tick; one that says the log is not consistent with what it cosigned (a rollback, a split view, a rewritten
 * history) turns this health check DOWN with its reason.
 */
@Component
public class Anchoring implements CheckpointAnchors, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(Anchoring.class);
    private static final int MAX_ANSWER = 64 * 1024;

    /** What one witness or TSA said last. */
    public record Status(String kind, String name, long size, Instant at, String problem, boolean inconsistent) {
    }

    private final class WitnessTarget {
        final WitnessKey key;
        final URI uri;
        volatile long cosigned = -1; // unknown until it answers
        volatile Instant at;
        volatile String problem;
        volatile boolean inconsistent;

        WitnessTarget(WitnessKey key, URI uri) {
            this.key = key;
            this.uri = uri;
        }
    }

    private final class TsaTarget {
        final String name;
        final URI uri;
        final X509Certificate certificate;
        volatile long stamped;
        volatile Instant asked = Instant.EPOCH;
        volatile Instant at;
        volatile String problem;

        TsaTarget(String name, URI uri, X509Certificate certificate) {
            this.name = name;
            this.uri = uri;
            this.certificate = certificate;
        }
    }

    private final Checkpoints checkpoints;
    private final AnchorStore store;
    private final AnchoringProperties props;
    private final Clock clock;
    private final List<WitnessTarget> witnesses = new ArrayList<>();
    private final List<TsaTarget> tsas = new ArrayList<>();
    private final HttpClient http;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "anchoring");
        t.setDaemon(true);
        return t;
    });

    Anchoring(Checkpoints checkpoints, AnchorStore store, AnchoringProperties props, Clock clock) {
        this.checkpoints = checkpoints;
        this.store = store;
        this.props = props;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(props.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        for (AnchoringProperties.Witness w : props.witnesses()) {
            WitnessKey key;
            try {
                key = WitnessKey.parse(w.key());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("vault.anchoring.witnesses: " + e.getMessage());
            }
            witnesses.add(new WitnessTarget(key, URI.create(w.url().replaceAll("/+$", "") + "/add-checkpoint")));
        }
        for (AnchoringProperties.Tsa t : props.tsas()) {
            try {
                tsas.add(new TsaTarget(t.name(), URI.create(t.url()), TimeStamps.readCertificate(Files.readAllBytes(t.certificate()))));
            } catch (IOException | TimeStamps.TimeStampException e) {
                throw new IllegalStateException("vault.anchoring.tsas " + t.name() + ": its certificate cannot be read ("
                        + e.getMessage() + ")");
            }
        }
    }

    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    void begin() {
        if (props.any()) {
            long every = props.interval().toMillis();
            thread.scheduleWithFixedDelay(this::scheduled, every, every, TimeUnit.MILLISECONDS);
        }
    }

    @jakarta.annotation.PreDestroy
    void end() {
        thread.shutdownNow();
    }

    private void scheduled() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("anchoring step failed ({}); it goes on at the next tick", e.getClass().getSimpleName());
        }
    }

    /** One round: the newest checkpoint to every witness that has not cosigned it, and to every TSA that is due. */
    public void tick() {
        Optional<Checkpoints.Signed> latest = checkpoints.latest();
        if (latest.isEmpty()) {
            return;
        }
        for (WitnessTarget w : witnesses) {
            if (w.cosigned < latest.get().size()) {
                submit(w, latest.get());
            }
        }
        Instant now = clock.instant();
        for (TsaTarget t : tsas) {
            boolean due = t.problem != null || !now.isBefore(t.asked.plus(props.tsaInterval()));
            if (t.stamped < latest.get().size() && due) {
                synchronized (t) {
                    stamp(t, latest.get(), now);
                }
            }
        }
    }

    @Override
    public void anchorNow(long size) {
        if (witnesses.isEmpty()) {
            return;
        }
        checkpoints.at(size).ifPresent(c -> witnesses.stream().filter(w -> w.cosigned < size).forEach(w -> submit(w, c)));
    }

    @Override
    public long newestStamped() {
        return tsas.stream().mapToLong(t -> t.stamped).max().orElse(0);
    }

    @Override
    public void stampNow(long size) {
        checkpoints.at(size).ifPresent(c -> tsas.stream().filter(t -> t.stamped < size).forEach(t -> {
            synchronized (t) {
                if (t.stamped < size) {
                    stamp(t, c, clock.instant());
                }
            }
        }));
    }

    private void submit(WitnessTarget w, Checkpoints.Signed c) {
        synchronized (w) {
            for (int attempt = 0; attempt < 2 && needs(w, c); attempt++) {
                long old = Math.max(w.cosigned, 0);
                if (old > c.size()) {
                    return;
                }
                StringBuilder body = new StringBuilder("old ").append(old).append('\n');
                if (old > 0 && old < c.size()) {
                    checkpoints.consistency(old, c.size()).forEach(h -> body.append(Base64.getEncoder().encodeToString(h)).append('\n'));
                }
                body.append('\n').append(c.note());
                HttpResponse<byte[]> answer;
                try {
                    answer = send(HttpRequest.newBuilder(w.uri).timeout(props.timeout())
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build());
                } catch (IOException e) {
                    problem(w, "unreachable (" + e.getClass().getSimpleName() + ")", false);
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                byte[] text = answer.body();
                switch (answer.statusCode()) {
                    case 200 -> {
                        accept(w, c, new String(text, StandardCharsets.UTF_8));
                        return;
                    }
                    case 409 -> {
                        long theirs = size(text);
                        if (theirs < 0) {
                            problem(w, "answered 409 without its size (a proxy in between?)", false);
                            return;
                        }
                        if (theirs == old) {
                            problem(w, "refused the checkpoint of size " + c.size() + ": it holds another root for size " + old
                                    + " (a split view)", true);
                            return;
                        }
                        w.cosigned = theirs;
                        if (theirs > c.size()) {
                            problem(w, "has cosigned size " + theirs + ", more than this log's " + c.size()
                                    + ": the log was cut off or rolled back", true);
                            return;
                        }
                    }
                    case 422 -> {
                        problem(w, "says the checkpoint of size " + c.size() + " does not extend the size " + old
                                + " it cosigned (a rewritten history)", true);
                        return;
                    }
                    default -> {
                        problem(w, "answered " + answer.statusCode(), false);
                        return;
                    }
                }
            }
        }
    }

    /** Whether {@code w} has still to cosign {@code c}: a smaller size, or this size without a stored cosignature. */
    private boolean needs(WitnessTarget w, Checkpoints.Signed c) {
        return w.cosigned < c.size() || w.cosigned == c.size() && store.cosignature(w.key.name(), c.size()).isEmpty();
    }

    private void accept(WitnessTarget w, Checkpoints.Signed c, String lines) {
        try {
            SignedNote note = SignedNote.parse((c.note() + lines).getBytes(StandardCharsets.UTF_8));
            List<Cosignature.Verified> verified = Cosignature.verify(note, List.of(w.key), Ed25519Keys.noteVerifier());
            if (verified.isEmpty()) {
                problem(w, "answered without a cosignature of its key", false);
                return;
            }
            Cosignature cosignature = verified.get(0).cosignature();
            store.putCosignature(w.key.name(), c.size(), cosignature.line(), cosignature.time());
            w.cosigned = c.size();
            w.at = cosignature.time();
            w.problem = null;
            w.inconsistent = false;
        } catch (MalformedNoteException | NoteVerificationException | IllegalArgumentException e) {
            problem(w, "answered with a cosignature that does not verify", false);
        }
    }

    private void problem(WitnessTarget w, String what, boolean inconsistent) {
        if (inconsistent) {
            log.error("witness {} {}", w.key.name(), what);
        } else if (w.problem == null) {
            log.warn("witness {} {}; retried at the next tick", w.key.name(), what);
        }
        w.problem = what;
        w.inconsistent = inconsistent;
    }

    private static long size(byte[] text) {
        String s = new String(text, StandardCharsets.US_ASCII);
        if (!s.matches("(0|[1-9][0-9]{0,18})\n")) {
            return -1;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void stamp(TsaTarget t, Checkpoints.Signed c, Instant now) {
        t.asked = now;
        TimeStamps.Request request = TimeStamps.request(Digests.sha256(c.note().getBytes(StandardCharsets.UTF_8)));
        try {
            HttpResponse<byte[]> answer = send(HttpRequest.newBuilder(t.uri).timeout(props.timeout())
                    .header("Content-Type", "application/timestamp-query")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.der())).build());
            if (answer.statusCode() != 200) {
                tsaProblem(t, "answered " + answer.statusCode());
                return;
            }
            TimeStamps.Token token = TimeStamps.accept(request, answer.body(), t.certificate);
            store.putTimestamp(t.name, c.size(), token.der(), token.genTime());
            t.stamped = c.size();
            t.at = token.genTime();
            t.problem = null;
        } catch (IOException e) {
            tsaProblem(t, "unreachable (" + e.getClass().getSimpleName() + ")");
        } catch (TimeStamps.TimeStampException e) {
            tsaProblem(t, "answered with a token that does not verify: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One exchange, bounded in time as a whole (the request's own timeout stops counting once the headers are in) and in
     * size (an answer above 64 KiB is cut and read as empty): a witness or TSA that stalls or floods costs at most the
     * timeout, never a thread or the heap.
     */
    private HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, info -> limited());
        try {
            return exchange.get(props.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            exchange.cancel(true);
            throw new java.net.http.HttpTimeoutException("no whole answer within " + props.timeout());
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getClass().getSimpleName());
        }
    }

    /** A body of at most {@link #MAX_ANSWER} bytes; a longer one is cancelled and answered as no bytes. */
    private static HttpResponse.BodySubscriber<byte[]> limited() {
        return new HttpResponse.BodySubscriber<>() {
            private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            private final java.util.concurrent.CompletableFuture<byte[]> body = new java.util.concurrent.CompletableFuture<>();
            private java.util.concurrent.Flow.Subscription subscription;

            @Override
            public java.util.concurrent.CompletionStage<byte[]> getBody() {
                return body;
            }

            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                subscription = s;
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(List<java.nio.ByteBuffer> items) {
                for (java.nio.ByteBuffer b : items) {
                    if (bytes.size() + b.remaining() > MAX_ANSWER) {
                        subscription.cancel();
                        body.complete(new byte[0]);
                        return;
                    }
                    byte[] chunk = new byte[b.remaining()];
                    b.get(chunk);
                    bytes.write(chunk, 0, chunk.length);
                }
            }

            @Override
            public void onError(Throwable throwable) {
                body.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                body.complete(bytes.toByteArray());
            }
        };
    }

    private void tsaProblem(TsaTarget t, String what) {
        if (t.problem == null) {
            log.warn("time-stamp authority {} {}; retried at the next tick", t.name, what);
        }
        t.problem = what;
    }

    @Override
    public List<NoteSignature> cosignatures(long size, String note) {
        List<NoteSignature> lines = new ArrayList<>();
        for (WitnessTarget w : witnesses) {
            store.cosignature(w.key.name(), size).ifPresent(line -> {
                try {
                    SignedNote cosigned = SignedNote.parse((note + line).getBytes(StandardCharsets.UTF_8));
                    for (Cosignature.Verified v : Cosignature.verify(cosigned, List.of(w.key), Ed25519Keys.noteVerifier())) {
                        lines.add(v.cosignature().noteSignature());
                    }
                } catch (MalformedNoteException | NoteVerificationException e) {
                    log.error("the stored cosignature of witness {} for size {} does not verify: left out", w.key.name(), size);
                }
            });
        }
        return lines;
    }

    @Override
    public List<byte[]> timestamps(long size, String note) {
        List<byte[]> tokens = new ArrayList<>();
        byte[] imprint = Digests.sha256(note.getBytes(StandardCharsets.UTF_8));
        for (TsaTarget t : tsas) {
            store.timestamp(t.name, size).ifPresent(token -> {
                try {
                    TimeStamps.verify(token, imprint, List.of(t.certificate));
                    tokens.add(token);
                } catch (TimeStamps.TimeStampException e) {
                    log.error("the stored time-stamp of {} for size {} does not verify: left out", t.name, size);
                }
            });
        }
        return tokens;
    }

    /** What each witness and TSA said last, for the auditor's page. */
    public List<Status> status() {
        List<Status> all = new ArrayList<>();
        witnesses.forEach(w -> all.add(new Status("witness", w.key.name(), Math.max(w.cosigned, 0), w.at, w.problem, w.inconsistent)));
        tsas.forEach(t -> all.add(new Status("tsa", t.name, t.stamped, t.at, t.problem, false)));
        return all;
    }

    @Override
    public Health health() {
        if (!props.any()) {
            return Health.unknown().withDetail("configured", "no witness and no time-stamp authority").build();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        boolean down = false;
        for (Status s : status()) {
            details.put(s.kind() + " " + s.name(), s.problem() == null ? "size " + s.size() + (s.at() == null ? "" : " at " + s.at())
                    : s.problem());
            down |= s.inconsistent();
        }
        return (down ? Health.down() : Health.up()).withDetails(details).build();
    }
}

package org.evidencevault.evidence;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.evidencevault.access.AccessPolicy;
import org.evidencevault.approvals.ApprovableAct;
import org.evidencevault.approvals.Approval;
import org.evidencevault.approvals.ApprovalId;
import org.evidencevault.approvals.ApprovalService;
import org.evidencevault.access.Permission;
import org.evidencevault.audit.Action;
import org.evidencevault.audit.Audited;
import org.evidencevault.audit.IntegrityAlarms;
import org.evidencevault.audit.RecordHistory;
import org.evidencevault.audit.Target;
import org.evidencevault.common.Actor;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.crypto.Aad;
import org.evidencevault.crypto.Digests;
import org.evidencevault.crypto.FileCipher;
import org.evidencevault.crypto.StreamingAead;
import org.evidencevault.incidents.IncidentId;
import org.evidencevault.incidents.IncidentService;
import org.evidencevault.records.StoredRecord;
import org.springframework.stereotype.Service;

/**
 * Evidence items: registration, the resumable intake of their bytes, download, custody. Every call is authorised
 * (officers of the incident's case team register and send bytes; whoever may reach the incident sees its items,
 * and downloads them after a step-up) and audited.
 *
 * <p>Intake: the bytes arrive in requests that each start at the offset the vault reports; they are hashed
 * (SHA-256, SHA-512) and encrypted segment by segment, each segment appended to the item's partial blob, so no more
 * than one segment is ever held in memory; the blob is made durable before an offset is reported, and a broken
 * connection loses at most the segment that was being received (the reported offset is where the stored segments
 * end; segments a crash tore are cut back). With the last
 * byte the digests are compared with those taken at capture, the item is recorded complete with its digests and
 * detected type, and the blob becomes final. A digest or type that does not fit refuses the item: its key is
 * destroyed and its blob removed.
 */
@Service
public class EvidenceService {

    /** Where an upload stands: bytes stored so far (the offset to go on from), the size, the item's status. */
    public record Upload(long offset, long size, EvidenceItem.Status status) {
    }

    /** A download: the item, and the bytes, decrypted and checked as they are written. */
    public record Download(EvidenceItem item, Writer body) {
    }

    /** Writes a download's bytes; fails (and raises an integrity alarm) at the first byte that does not verify. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * SHA-512 of uploads runs on threads of its own, one segment after the other per upload, while the request's thread
     * encrypts and hashes SHA-256 (SHA-512 alone is slower than AES-GCM and SHA-256 together: BENCHMARKS.md section 9).
     */
    private static final java.util.concurrent.ExecutorService SHA512 = java.util.concurrent.Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors() - 1), r -> {
                Thread t = new Thread(r, "evidence-sha512");
                t.setDaemon(true);
                return t;
            });

    /** The intake of one item in this instance: segments stored, digests so far, the first bytes, the encrypter. */
    private static final class Progress {
        long segments;
        MessageDigest sha256 = Digests.newSha256();
        MessageDigest sha512 = Digests.newSha512();
        /** The SHA-512 of the segments taken so far, in order, on {@link #SHA512}. */
        java.util.concurrent.CompletableFuture<Void> sha512Done = java.util.concurrent.CompletableFuture.completedFuture(null);
        /** At most this many segments (of 1 MiB) wait for SHA-512 per upload. */
        static final int MAX_QUEUED = 4;
        final java.util.ArrayDeque<java.util.concurrent.CompletableFuture<Void>> queued = new java.util.ArrayDeque<>();
        StreamingAead.Encrypter encrypter;
        String detected;

        /** Hashes a segment of plaintext; the array is the hashes' from now on (zeroed once SHA-512 is done with it). */
        void took(byte[] plain, int len) {
            sha256.update(plain, 0, len);
            if (queued.size() >= MAX_QUEUED) {
                // SHA-512 is the slower half: wait rather than let segments pile up in the heap behind it
                queued.poll().join();
            }
            sha512Done = sha512Done.thenRunAsync(() -> {
                sha512.update(plain, 0, len);
                Arrays.fill(plain, (byte) 0);
            }, SHA512);
            queued.add(sha512Done);
        }

        String sha512Hex() {
            sha512Done.join();
            return HexFormat.of().formatHex(sha512.digest());
        }
    }

    /** Whether the vault reads an item's bytes once they are all in: a small MVT result, STIX2 IOC set, or image. */
    private static boolean readAtIntake(EvidenceItem item, String detected) {
        boolean analysable = item.details().kind() == EvidenceKind.MVT_RESULT || item.details().kind() == EvidenceKind.STIX2_IOC_SET;
        boolean image = item.derivedFrom() == null && detected != null && detected.startsWith("image/");
        return (analysable || image) && item.details().size() <= ForensicAnalysis.MAX_BYTES;
    }

    private final EvidenceRecords records;
    private final BlobStore blobs;
    private final FileCipher cipher;
    private final IncidentService incidents;
    private final Audited audited;
    private final AccessPolicy access;
    private final IntegrityAlarms alarms;
    private final ApprovalService approvals;
    private final RecordHistory history;
    private final Clock clock;
    private final EvidenceProperties props;
    private final Map<String, Progress> inProgress = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, Object> quotaLocks = new ConcurrentHashMap<>();

    /** {@code vault.evidence.bytes}: plaintext bytes taken from clients ({@code direction=in}) and served ({@code out}). */
    private final Counter bytesIn;
    private final Counter bytesOut;

    EvidenceService(EvidenceRecords records, BlobStore blobs, FileCipher cipher, IncidentService incidents, Audited audited,
                    AccessPolicy access, IntegrityAlarms alarms, RecordHistory history, Clock clock, EvidenceProperties props,
                    ApprovalService approvals, MeterRegistry meters) {
        this.bytesIn = bytes(meters, "in");
        this.bytesOut = bytes(meters, "out");
        this.approvals = approvals;
        this.records = records;
        this.blobs = blobs;
        this.cipher = cipher;
        this.incidents = incidents;
        this.audited = audited;
        this.access = access;
        this.alarms = alarms;
        this.history = history;
        this.clock = clock;
        this.props = props;
    }

    private static Counter bytes(MeterRegistry meters, String direction) {
        return Counter.builder("vault.evidence.bytes").baseUnit("bytes")
                .description("evidence bytes (plaintext) stored from uploads (in) and written to downloads and packages (out)")
                .tag("direction", direction).register(meters);
    }

    // ---- registration and intake ----------------------------------------------------------------------

    /** Registers an item of incident {@code incident} (of one of the actor's teams); its bytes follow. */
    public EvidenceItem register(Actor actor, IncidentId incident, EvidenceItem.Details details, String reprDigest) {
        access.require(actor, Permission.EVIDENCE_WRITE);
        EvidenceItem.Details withDigests = details.withCaptureDigests(ReprDigest.parse(reprDigest));
        String team = incidents.changeableTeam(actor, incident);
        EvidenceItem item = EvidenceItem.register(EvidenceId.next(), incident, team, actor.username(), withDigests,
                props.maxSize().toBytes(), clock.instant(), StreamingAead.FORMAT);
        long quota = props.quotaPerAccount().toBytes();
        // check and register as one step, so that one account's parallel registrations cannot pass the quota together
        // (within this instance: instances behind one store may each let one registration through at the same moment)
        synchronized (quotaLocks.computeIfAbsent(actor.username(), k -> new Object())) {
            if (records.registeredBytes(actor.username()) + withDigests.size() > quota) {
                throw new InvalidInputException("size", "quota", "would take your evidence beyond the " + quota
                        + " bytes one account may register (vault.evidence.quota-per-account)");
            }
            audited.change(actor, Action.EVIDENCE_REGISTER, records.creation(item));
        }
        return item;
    }

    /** Where the upload of item {@code id} stands (for its team's officers). */
    public Upload status(Actor actor, EvidenceId id) {
        access.require(actor, Permission.EVIDENCE_WRITE);
        synchronized (lock(id)) {
            StoredRecord r = writable(actor, id);
            EvidenceItem item = EvidenceRecords.plainOf(r);
            long size = item.details().size();
            if (item.status() != EvidenceItem.Status.RECEIVING) {
                return new Upload(item.status() == EvidenceItem.Status.COMPLETE ? size : 0, size, item.status());
            }
            return new Upload(StreamingAead.plaintextBefore(progress(actor, r).segments), size, item.status());
        }
    }

    /**
     * Takes the bytes of item {@code id} from {@code offset} on, as many as {@code body} holds (up to the declared
     * size). Returns where the upload stands after them.
     *
     * @throws UploadConflictException if {@code offset} is not where the stored bytes end, or the item is not receiving
     * @throws InvalidInputException   if the bytes break a rule (more than declared, a digest, the type): the item is refused
     */
    public Upload append(Actor actor, EvidenceId id, long offset, InputStream body, String reprDigest) throws IOException {
        access.require(actor, Permission.EVIDENCE_WRITE);
        ReprDigest sent = ReprDigest.parse(reprDigest);
        synchronized (lock(id)) {
            // read inside the lock: another request may have completed (or refused) the item meanwhile
            StoredRecord r = writable(actor, id);
            EvidenceItem item = EvidenceRecords.plainOf(r);
            long size = item.details().size();
            if (item.status() != EvidenceItem.Status.RECEIVING) {
                throw new UploadConflictException("upload-not-receiving", "this item is " + item.status() + ": it takes no more bytes",
                        item.status() == EvidenceItem.Status.COMPLETE ? size : 0);
            }
            Progress p = progress(actor, r);
            long stored = StreamingAead.plaintextBefore(p.segments);
            if (offset != stored) {
                throw new UploadConflictException("offset-mismatch", "the stored bytes end at the offset in Upload-Offset of this"
                        + " answer: send from there", stored);
            }
            try {
                while (true) {
                    long before = StreamingAead.plaintextBefore(p.segments);
                    int want = (int) Math.min(StreamingAead.plaintextOfSegment(p.segments), size - before);
                    byte[] segment = new byte[want];
                    int got = body.readNBytes(segment, 0, want);
                    if (got < want) {
                        // the request ended inside a segment: it is dropped, and sent again from the offset reported,
                        // which is where the stored (now durable) segments end
                        blobs.sync(id.value());
                        if (before == offset && got > 0) {
                            // not one whole segment in this request: the same request again would never get further
                            throw new UploadConflictException("chunk-too-small", "send at least one whole segment per request ("
                                    + StreamingAead.plaintextOfSegment(p.segments) + " bytes from this offset) or the rest of"
                                    + " the file; nothing of this request was kept", before);
                        }
                        return new Upload(before, size, EvidenceItem.Status.RECEIVING);
                    }
                    boolean last = before + want == size;
                    if (last && body.read() >= 0) {
                        refuse(actor, r, item);
                        throw new InvalidInputException("size", "exceeds-declared-size",
                                "more bytes arrived than the size declared at registration; nothing was kept");
                    }
                    if (p.segments == 0) {
                        p.detected = MediaTypes.detect(segment, Math.min(want, MediaTypes.SNIFF_BYTES));
                        try {
                            item.requireTypeFits(p.detected);
                        } catch (InvalidInputException e) {
                            refuse(actor, r, item);
                            throw e;
                        }
                    }
                    byte[] ciphertext = p.encrypter.segment(segment, 0, want, last);
                    long blobSize = StreamingAead.ciphertextBefore(p.segments);
                    byte[] write = p.segments == 0 ? concat(p.encrypter.header(), ciphertext) : ciphertext;
                    blobs.append(id.value(), p.segments == 0 ? 0 : blobSize, write);
                    if (item.derivedFrom() == null) {
                        // a client's bytes; a working copy the vault derives itself is not intake
                        bytesIn.increment(want);
                    }
                    p.took(segment, want);
                    p.segments++;
                    if (last) {
                        return complete(actor, r, item, p, sent);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the next request starts again from what the blob store holds
                inProgress.remove(id.value());
                throw e;
            }
        }
    }

    private Upload complete(Actor actor, StoredRecord r, EvidenceItem item, Progress p, ReprDigest sent) throws IOException {
        String sha256 = HexFormat.of().formatHex(p.sha256.digest());
        String sha512 = p.sha512Hex();
        inProgress.remove(item.id().value());
        try {
            item.requireMatchingDigests(sha256, sha512, sent);
        } catch (InvalidInputException e) {
            refuse(actor, r, item);
            throw e;
        }
        blobs.sync(item.id().value());
        // a small MVT result, IOC set or image is read back once (never kept between requests), for its analysis or copy
        byte[] plaintext = readAtIntake(item, p.detected) ? readBack(actor, r) : null;
        java.util.Map<String, Object> analysis = ForensicAnalysis.of(item.details().kind(), plaintext,
                sha -> records.withSha256(item.incidentId(), sha));
        // in the custody of the incident's team as it is now (it may have moved while the bytes were arriving)
        EvidenceItem received = item.received(p.detected, sha256, sha512, analysis, clock.instant())
                .inCustodyOf(incidents.changeableTeam(actor, item.incidentId()));
        // recorded first: after a crash the start-up sweep finds a complete item with a partial blob, and finishes it
        audited.change(actor, Action.EVIDENCE_INTAKE, records.revision(r, received));
        blobs.complete(item.id().value());
        // the incident may have moved after its team was read above and before the move's listener saw this item complete
        String now = incidents.teamOf(item.incidentId());
        if (now != null && !now.equals(received.team())) {
            transfer(actor, item.id(), now);
        }
        if (plaintext != null && received.detectedMediaType().startsWith("image/")) {
            deriveWithoutMetadata(actor, received, plaintext);
        } else if (plaintext != null) {
            Arrays.fill(plaintext, (byte) 0);
        }
        return new Upload(item.details().size(), item.details().size(), EvidenceItem.Status.COMPLETE);
    }

    /**
     * The working copy of an image: its metadata stripped ({@link ImageMetadata}), registered as an item of its own
     * that points to the original and taken in like any upload (recorded, hashed, encrypted). A copy that cannot be made
     * leaves the original as it is: previews then have nothing to show, never the original's metadata.
     */
    private void deriveWithoutMetadata(Actor actor, EvidenceItem original, byte[] plaintext) {
        byte[] stripped = ImageMetadata.strip(plaintext, original.detectedMediaType());
        java.util.Arrays.fill(plaintext, (byte) 0);
        if (stripped == null || stripped.length == 0) {
            return;
        }
        try {
            EvidenceItem copy = original.derivedCopy(EvidenceId.next(), stripped.length, EvidenceItem.METADATA_STRIPPED, clock.instant());
            audited.change(actor, Action.EVIDENCE_DERIVE, records.creation(copy));
            append(actor, copy.id(), 0, new java.io.ByteArrayInputStream(stripped), null);
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(EvidenceService.class).warn("evidence {}: no working copy ({})", original.id().value(),
                    e.getClass().getSimpleName());
        }
    }

    /** The whole plaintext of a small item's stored (partial) blob, decrypted by the vault itself: an audited read. */
    private byte[] readBack(Actor actor, StoredRecord r) {
        String id = r.id();
        return audited.read(actor, Action.EVIDENCE_ANALYSE, List.of(target(id)), read -> {
            try (InputStream in = blobs.readPartial(id)) {
                byte[] header = in.readNBytes(StreamingAead.HEADER);
                StreamingAead.Decrypter d = cipher.decrypter(EvidenceRecords.dataKeyOf(r), aad(id), header, read);
                long size = EvidenceRecords.plainOf(r).details().size();
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) size);
                eachSegment(in, d, size, (bytes, last) -> {
                    out.write(bytes, 0, bytes.length);
                    Arrays.fill(bytes, (byte) 0);
                });
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void refuse(Actor actor, StoredRecord r, EvidenceItem item) throws IOException {
        inProgress.remove(item.id().value());
        audited.change(actor, Action.EVIDENCE_REFUSE, records.refusal(r, item.refused(clock.instant())));
        blobs.delete(item.id().value());
    }

    /**
     * The intake state of an item: kept in memory between the requests of one upload; rebuilt from the stored
     * segments otherwise (after a restart, or a request that failed), which decrypts them: an audited read.
     */
    private Progress progress(Actor actor, StoredRecord r) {
        String id = r.id();
        Progress cached = inProgress.get(id);
        try {
            if (cached != null && blobs.partialSize(id) == (cached.segments == 0 ? 0 : StreamingAead.ciphertextBefore(cached.segments))) {
                return cached;
            }
            Progress p = new Progress();
            long size = blobs.partialSize(id);
            long declared = EvidenceRecords.plainOf(r).details().size();
            long segments = size / StreamingAead.SEGMENT;
            if (size == StreamingAead.ciphertextSize(declared)) {
                // every segment, the last included, was stored, but the intake was not recorded (it failed, or the process
                // stopped): the last one is cut and taken again (only whole non-last segments are ever kept)
                segments = StreamingAead.ciphertextSize(declared) / StreamingAead.SEGMENT;
                if (StreamingAead.ciphertextBefore(segments) >= size) {
                    segments--;
                }
                blobs.truncatePartial(id, segments == 0 ? 0 : StreamingAead.ciphertextBefore(segments));
            } else if (size != segments * StreamingAead.SEGMENT) {
                // a segment that was being written when the process stopped: cut back to the last whole one
                blobs.truncatePartial(id, segments * StreamingAead.SEGMENT);
            }
            String dek = EvidenceRecords.dataKeyOf(r);
            Aad aad = aad(id);
            long whole = segments;
            if (segments == 0) {
                p.encrypter = cipher.encrypter(dek, aad);
            } else {
                byte[] header = audited.read(actor, Action.EVIDENCE_RESUME, List.of(target(id)), read -> {
                    try (InputStream in = blobs.readPartial(id)) {
                        byte[] h = in.readNBytes(StreamingAead.HEADER);
                        StreamingAead.Decrypter d = cipher.decrypter(dek, aad, h, read);
                        for (long i = 0; i < whole; i++) {
                            byte[] ct = in.readNBytes(i == 0 ? StreamingAead.SEGMENT - StreamingAead.HEADER : StreamingAead.SEGMENT);
                            byte[] plain = d.segment(ct, 0, ct.length, i, false);
                            if (i == 0) {
                                p.detected = MediaTypes.detect(plain, Math.min(plain.length, MediaTypes.SNIFF_BYTES));
                            }
                            p.took(plain, plain.length);
                        }
                        return h;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                p.encrypter = cipher.resume(dek, aad, header, segments);
            }
            p.segments = segments;
            inProgress.put(id, p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Expires the uploads registered before {@code cutoff} that never got all their bytes: each is refused by the
     * vault (recorded; its key destroyed) and its partial bytes are removed. Returns how many. Runs every hour for
     * uploads older than {@code vault.evidence.upload-expiry}.
     */
    public int expireAbandoned(Instant cutoff) {
        int expired = 0;
        for (StoredRecord r : records.receivingSince(cutoff)) {
            EvidenceItem item = EvidenceRecords.plainOf(r);
            synchronized (lock(item.id())) {
                try {
                    refuse(Actor.SYSTEM, r, item);
                    expired++;
                } catch (IOException | RuntimeException e) {
                    // another instance got there first, or the store is away: the next run tries again
                }
            }
        }
        return expired;
    }

    @org.springframework.scheduling.annotation.Scheduled(fixedDelayString = "${vault.evidence.expiry-check:1h}",
            initialDelayString = "${vault.evidence.expiry-check:1h}")
    void expireScheduled() {
        int n = expireAbandoned(clock.instant().minus(props.uploadExpiry()));
        if (n > 0) {
            org.slf4j.LoggerFactory.getLogger(EvidenceService.class).info("evidence: {} abandoned uploads expired", n);
        }
    }

    // ---- disposal -----------------------------------------------------------------------------------------

    /**
     * Asks a second officer of the item's team to approve disposing of it at its current version: its key destroyed,
     * its bytes (and those of its working copies) removed, for good.
     */
    public Approval requestDisposal(Actor actor, EvidenceId id, long expectedVersion, String reason) {
        access.require(actor, Permission.EVIDENCE_WRITE);
        StoredRecord r = writable(actor, id);
        r.header().nextVersion(expectedVersion);
        return approvals.request(actor, ApprovableAct.EVIDENCE_DISPOSE, disposalOf(r.id(), expectedVersion),
                incidents.changeableTeam(actor, EvidenceRecords.incidentOf(r)), reason);
    }

    /**
     * Disposes of an item (and its working copies) under a granted approval of exactly this disposal, with a recent
     * passkey confirmation: each one's key is destroyed (recorded, {@code evidence.dispose}) and its bytes removed. The
     * records stay as tombstones, with their hashes, so the chain of custody stays verifiable.
     */
    public int dispose(Actor actor, EvidenceId id, long expectedVersion, ApprovalId approval) throws IOException {
        access.require(actor, Permission.EVIDENCE_WRITE);
        access.requireRecentPasskey(actor, clock.instant());
        StoredRecord r = writable(actor, id);
        r.header().nextVersion(expectedVersion);
        approvals.use(actor, approval, ApprovableAct.EVIDENCE_DISPOSE, disposalOf(r.id(), expectedVersion));
        return disposeWithCopies(actor, r);
    }

    /**
     * When an incident moves to another case team, the custody of its complete items (originals and copies) passes to
     * that team: one recorded change each ({@code evidence.transfer}), by the officer who moved it. Who may change an
     * item is decided by its incident's team ({@link #writable}), so an item not transferred yet (a failure half-way)
     * is never left to the old team.
     */
    @org.springframework.context.event.EventListener
    void incidentMoved(org.evidencevault.incidents.IncidentMoved moved) {
        for (StoredRecord r : records.ofIncident(moved.incident())) {
            if (!EvidenceItem.Status.COMPLETE.name().equals(r.document().getString("status"))) {
                // an upload still receiving takes the incident's team with its intake, and looks again after it (complete);
                // a tombstone keeps the team it had (nothing of it is left in anyone's custody)
                continue;
            }
            try {
                transfer(moved.actor(), new EvidenceId(r.id()), moved.toTeam());
            } catch (RuntimeException e) {
                // the move is recorded: one item that cannot follow is reported, the others still do
                org.slf4j.LoggerFactory.getLogger(EvidenceService.class).warn("evidence {}: custody not transferred ({})", r.id(),
                        e.getClass().getSimpleName());
            }
        }
    }

    /** Passes a complete item into the custody of case team {@code to}, unless it is there already (one recorded change). */
    private void transfer(Actor actor, EvidenceId id, String to) {
        synchronized (lock(id)) {
            StoredRecord current = records.requireReachable(id, x -> true);
            EvidenceItem item = EvidenceRecords.plainOf(current);
            if (item.status() == EvidenceItem.Status.COMPLETE && !to.equals(item.team())) {
                audited.change(actor, Action.EVIDENCE_TRANSFER, records.revision(current, item.transferred(to, clock.instant())));
            }
        }
    }

    /**
     * When a defender is erased, the evidence of the incidents that name no one else goes with them (the approval of
     * the erasure covers it): those items and their copies are disposed of by the same actor.
     */
    @org.springframework.context.event.EventListener
    void defenderErased(org.evidencevault.incidents.DefenderErased erased) {
        for (IncidentId incident : incidents.namingOnly(erased.defender())) {
            java.util.List<StoredRecord> items = records.ofIncident(incident);
            if (!items.isEmpty() && !incidents.mayChange(erased.actor(), incident)) {
                // another team's incident: its evidence is that team's to dispose of
                continue;
            }
            for (StoredRecord r : items) {
                if (r.document().getString("derivedFrom") != null) {
                    continue;
                }
                try {
                    disposeWithCopies(erased.actor(), r);
                } catch (IOException | RuntimeException e) {
                    // the erasure stands; the item stays until disposed of by hand (the log shows it was not)
                    org.slf4j.LoggerFactory.getLogger(EvidenceService.class).warn("evidence {} of an erased defender's incident not"
                            + " disposed of ({})", r.id(), e.getClass().getSimpleName());
                }
            }
        }
    }

    private int disposeWithCopies(Actor actor, StoredRecord original) throws IOException {
        int disposed = 0;
        for (StoredRecord copy : records.copiesOf(new EvidenceId(original.id()))) {
            disposed += disposeOne(actor, copy);
        }
        return disposed + disposeOne(actor, original);
    }

    private int disposeOne(Actor actor, StoredRecord r) throws IOException {
        EvidenceItem item = EvidenceRecords.plainOf(r);
        if (item.status() == EvidenceItem.Status.DISPOSED || item.status() == EvidenceItem.Status.REFUSED) {
            return 0;
        }
        synchronized (lock(item.id())) {
            inProgress.remove(item.id().value());
            audited.change(actor, Action.EVIDENCE_DISPOSE, records.disposal(r, item.disposed(clock.instant())));
            blobs.delete(item.id().value());
        }
        return 1;
    }

    private static Approval.Subject disposalOf(String id, long version) {
        return new Approval.Subject(EvidenceRecords.KIND.type(), id, version);
    }

    // ---- reads ------------------------------------------------------------------------------------------

    /** One item's metadata (sealed fields opened: an audited read), to whoever may reach its incident. */
    public EvidenceItem get(Actor actor, EvidenceId id) {
        access.require(actor, Permission.EVIDENCE_READ);
        StoredRecord r = readable(actor, id);
        return audited.read(actor, Action.EVIDENCE_READ, List.of(target(r.id())), read -> records.open(r, read));
    }

    /** The items of an incident, oldest first. */
    public List<EvidenceItem> ofIncident(Actor actor, IncidentId incident) {
        access.require(actor, Permission.EVIDENCE_READ);
        if (!incidents.reachable(actor, incident)) {
            throw new NotFoundException("incident", incident.wellFormed() ? incident.value() : null);
        }
        List<StoredRecord> found = records.ofIncident(incident);
        return audited.read(actor, Action.EVIDENCE_LIST, found.stream().map(r -> target(r.id())).toList(),
                read -> found.stream().map(r -> records.open(r, read)).toList());
    }

    /**
     * The ids of the complete items of {@code kinds} whose bytes have {@code sha256}, among those the actor may see (no
     * decryption): what a SHA-256 pin elsewhere (a UN letter's document) resolves to.
     */
    public List<String> resolve(Actor actor, String sha256, java.util.Collection<EvidenceKind> kinds) {
        if (sha256 == null || !access.allows(actor, Permission.EVIDENCE_READ)) {
            return List.of();
        }
        return records.completeWithSha256(sha256, kinds).stream()
                .filter(r -> incidents.reachable(actor, EvidenceRecords.incidentOf(r))).map(StoredRecord::id).toList();
    }

    /** What the log says happened to an item (its chain of custody), to whoever may reach its incident. */
    public List<RecordHistory.Event> custody(Actor actor, EvidenceId id) {
        access.require(actor, Permission.EVIDENCE_READ);
        StoredRecord r = readable(actor, id);
        return history.of(r.id());
    }

    /**
     * The working copy of an image without its metadata (what a preview shows), downloaded as {@link #download}: the
     * original's own bytes are never what a preview serves.
     *
     * @throws NotFoundException if the item has no such copy (not an image, or one the vault could not read)
     */
    public Download preview(Actor actor, EvidenceId id) {
        access.require(actor, Permission.EVIDENCE_READ);
        access.requireRecentPasskey(actor, clock.instant());
        StoredRecord original = readable(actor, id);
        StoredRecord copy = records.copiesOf(new EvidenceId(original.id())).stream().findFirst()
                .orElseThrow(() -> new NotFoundException("preview"));
        return download(actor, new EvidenceId(copy.id()));
    }

    /**
     * The bytes of a complete item, decrypted as they are written and checked twice: every segment's tag, then the
     * SHA-256 of the whole against the one recorded at intake. Needs a recent passkey confirmation; the download is
     * recorded before the first byte. If the stored bytes were altered, the writer fails before the segment that
     * does not verify (so a response is cut short, never completed as if good) and an integrity alarm is raised.
     */
    public Download download(Actor actor, EvidenceId id) {
        access.require(actor, Permission.EVIDENCE_READ);
        access.requireRecentPasskey(actor, clock.instant());
        StoredRecord r = readable(actor, id);
        EvidenceItem item = EvidenceRecords.plainOf(r);
        if (item.status() != EvidenceItem.Status.COMPLETE) {
            throw new UploadConflictException("upload-not-complete", "this item's bytes have not all arrived", 0);
        }
        String dek = EvidenceRecords.dataKeyOf(r);
        InputStream in = null;
        StreamingAead.Decrypter decrypter;
        try {
            in = blobs.open(r.id());
            byte[] header = in.readNBytes(StreamingAead.HEADER);
            decrypter = audited.read(actor, Action.EVIDENCE_DOWNLOAD, List.of(target(r.id())),
                    read -> cipher.decrypter(dek, aad(r.id()), header, read));
        } catch (IOException e) {
            closeQuietly(in);
            throw new UncheckedIOException(e);
        } catch (org.evidencevault.crypto.CryptoFailureException e) {
            // the stored header is not one of this format: the bytes were altered (an outage or a halt is not this)
            closeQuietly(in);
            alarms.raise(EvidenceRecords.KIND.collection() + "/" + r.id(), null, "its stored bytes do not open");
            throw e;
        } catch (RuntimeException e) {
            closeQuietly(in);
            throw e;
        }
        InputStream stream = in;
        return new Download(item, out -> writeVerified(item, stream, decrypter, out));
    }

    /** What is done with each decrypted segment of a stored file, in order. */
    @FunctionalInterface
    private interface SegmentSink {
        void take(byte[] plaintext, boolean last) throws IOException;
    }

    /**
     * Decrypts the segments of a stored {@code size}-byte file from {@code in} (positioned after its header), in order,
     * each released to {@code sink} only after its tag verified.
     */
    private static void eachSegment(InputStream in, StreamingAead.Decrypter d, long size, SegmentSink sink) throws IOException {
        long done = 0;
        for (long i = 0; done < size; i++) {
            int plain = (int) Math.min(StreamingAead.plaintextOfSegment(i), size - done);
            boolean last = done + plain == size;
            byte[] ct = in.readNBytes(plain + 16);
            sink.take(d.segment(ct, 0, ct.length, i, last), last);
            done += plain;
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    /**
     * Writes the plaintext segment by segment, holding back the last one until the stream's end and the whole SHA-256
     * verified: a client never receives every byte of a file that failed a check.
     */
    private void writeVerified(EvidenceItem item, InputStream in, StreamingAead.Decrypter decrypter, OutputStream out) throws IOException {
        long size = item.details().size();
        MessageDigest sha256 = Digests.newSha256();
        try (in) {
            byte[][] held = new byte[1][];
            eachSegment(in, decrypter, size, (bytes, last) -> {
                sha256.update(bytes);
                if (last) {
                    held[0] = bytes;
                } else {
                    out.write(bytes);
                    bytesOut.increment(bytes.length);
                }
            });
            if (in.read() >= 0 || !HexFormat.of().formatHex(sha256.digest()).equals(item.sha256())) {
                throw new StreamingAead.StreamIntegrityException("the stored bytes do not end where they should, or their hash differs");
            }
            out.write(held[0]);
            bytesOut.increment(held[0].length);
        } catch (StreamingAead.StreamIntegrityException e) {
            alarms.raise(EvidenceRecords.KIND.collection() + "/" + item.id().value(), null,
                    "its stored bytes do not verify: the download was cut short");
            throw e;
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** An item the actor may send bytes for: of an incident of their teams; else not found, as for an unknown id. */
    private StoredRecord writable(Actor actor, EvidenceId id) {
        // by the incident's team as it is now, not the item's copy of it (which follows the incident, IncidentMoved)
        return reachable(id, r -> incidents.mayChange(actor, EvidenceRecords.incidentOf(r)));
    }

    /** An item the actor may see: of an incident they may reach; else not found, as for an unknown id. */
    private StoredRecord readable(Actor actor, EvidenceId id) {
        return reachable(id, r -> incidents.reachable(actor, EvidenceRecords.incidentOf(r)));
    }

    private StoredRecord reachable(EvidenceId id, java.util.function.Predicate<StoredRecord> mayReach) {
        return records.requireReachable(id, mayReach);
    }

    private Object lock(EvidenceId id) {
        return locks.computeIfAbsent(id.value(), k -> new Object());
    }

    static Aad aad(String id) {
        return new Aad(EvidenceRecords.KIND.collection(), id, "content");
    }

    private static Target target(String id) {
        return new Target(EvidenceRecords.KIND.type(), id);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

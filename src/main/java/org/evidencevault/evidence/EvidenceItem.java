package org.evidencevault.evidence;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.evidencevault.common.Checks;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.incidents.IncidentId;

/**
 * One evidence item: what it is and where it came from ({@link Details}), the incident (and case team) it
 * supports, and what the vault knows of its bytes: the size declared at registration, and once every byte has
 * arrived the media type detected from them, their SHA-256 and SHA-512, and what an MVT result or a STIX2 IOC set
 * says ({@link ForensicAnalysis}; null for other files). The original never changes: an item
 * is {@link Status#RECEIVING} until its last byte, then {@link Status#COMPLETE} for good.
 */
public record EvidenceItem(EvidenceId id, long version, IncidentId incidentId, String team, String registeredBy, Details details,
                           Status status,
                           String detectedMediaType, String sha256, String sha512, String format, Instant createdAt,
                           Instant updatedAt, java.util.Map<String, Object> analysis, EvidenceId derivedFrom, String derivation) {

    /** How the vault derived a working copy from an original: its metadata stripped (images). */
    public static final String METADATA_STRIPPED = "metadata-stripped";

    /**
     * {@code REFUSED}: its bytes broke a rule (a digest, the declared type, the size), or the upload was abandoned and
     * expired; its key is destroyed and nothing of its bytes is kept.
     */
    public enum Status { RECEIVING, COMPLETE, REFUSED, DISPOSED }

    public enum Sensitivity { ROUTINE, SENSITIVE, HIGHLY_SENSITIVE }

    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

    /**
     * What the submitter says about the item. {@code fileName}, {@code collector}, {@code method}, {@code sourceUrl}
     * and {@code notes} are sealed (a file name often names the defender); the rest is plain.
     *
     * @param captureSha256 the SHA-256 taken when it was collected (hex), if any: the bytes must match it
     * @param captureSha512 the same for SHA-512 (from a {@code Repr-Digest} sent with the registration)
     */
    public record Details(EvidenceKind kind, String mediaType, Long size, String fileName, Instant collectedAt, String collector,
                          String method, String tool, String toolVersion, String sourceUrl, Sensitivity sensitivity, String notes,
                          String captureSha256, String captureSha512) {

        public Details {
            mediaType = mediaType == null ? null : mediaType.toLowerCase(Locale.ROOT);
            captureSha256 = captureSha256 == null ? null : captureSha256.toLowerCase(Locale.ROOT);
            captureSha512 = captureSha512 == null ? null : captureSha512.toLowerCase(Locale.ROOT);
            sensitivity = sensitivity == null ? Sensitivity.SENSITIVE : sensitivity;
        }

        /** These details with the digests of a {@code Repr-Digest} sent with the registration (which must agree with the body's). */
        Details withCaptureDigests(ReprDigest sent) {
            if (sent == null) {
                return this;
            }
            if (captureSha256 != null && sent.sha256() != null && !captureSha256.equals(sent.sha256())) {
                throw new InvalidInputException("captureSha256", "digest-mismatch", "differs from the Repr-Digest header's sha-256");
            }
            return new Details(kind, mediaType, size, fileName, collectedAt, collector, method, tool, toolVersion, sourceUrl, sensitivity,
                    notes, captureSha256 != null ? captureSha256 : sent.sha256(), sent.sha512());
        }

        /** The rules of a registration; {@code maxSize} from configuration, {@code now} the store's clock. */
        public void check(long maxSize, Instant now) {
            Checks c = new Checks()
                    .requirePresent(kind, "kind")
                    .requirePresent(mediaType, "mediaType")
                    .requirePresent(size, "size");
            c.require(mediaType == null || MEDIA_TYPE.matcher(mediaType).matches(), "mediaType", "media-type",
                    "must be a media type such as application/pdf, without parameters");
            c.require(kind == null || mediaType == null || kind.allows(mediaType), "mediaType", "kind-media-type",
                    "is not a media type an item of this kind can have");
            c.require(size == null || size > 0, "size", "min", "must be at least 1 byte: an empty file is no evidence");
            c.require(size == null || size <= maxSize, "size", "max", "must be at most " + maxSize + " bytes");
            c.maxLength(fileName, 255, "fileName").identifying(fileName, "fileName");
            c.require(collectedAt == null || !collectedAt.isAfter(now.plusSeconds(300)), "collectedAt", "not-future",
                    "must not be in the future");
            c.maxLength(collector, 200, "collector").identifying(collector, "collector");
            c.maxLength(method, 500, "method").freeText(method, "method");
            c.maxLength(tool, 100, "tool").identifying(tool, "tool");
            c.maxLength(toolVersion, 50, "toolVersion").identifying(toolVersion, "toolVersion");
            c.maxLength(sourceUrl, 2000, "sourceUrl");
            c.require(sourceUrl == null || isHttpUrl(sourceUrl), "sourceUrl", "http-url", "must be an absolute http or https URL");
            c.maxLength(notes, 2000, "notes").freeText(notes, "notes");
            c.require(captureSha256 == null || (captureSha256.length() == 64 && HEX.matcher(captureSha256).matches()),
                    "captureSha256", "sha256", "must be 64 hexadecimal characters");
            c.throwIfAny();
        }
    }

    public EvidenceItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(status, "status");
    }

    /** A new item registered by {@code registeredBy}, waiting for its bytes. */
    public static EvidenceItem register(EvidenceId id, IncidentId incident, String team, String registeredBy, Details details,
                                        long maxSize, Instant now, String format) {
        details.check(maxSize, now);
        return new EvidenceItem(id, 1, incident, team, registeredBy, details, Status.RECEIVING, null, null, null, format, now, now, null,
                null, null);
    }

    /**
     * A working copy the vault derives from this (complete) original, {@code size} bytes, made by {@code derivation}:
     * the same incident, team, kind and collection facts, no file name; it points to its original, which never changes.
     */
    public EvidenceItem derivedCopy(EvidenceId copyId, long size, String how, Instant now) {
        Details d = new Details(details.kind(), details.mediaType(), size, null, details.collectedAt(), details.collector(),
                details.method(), details.tool(), details.toolVersion(), null, details.sensitivity(),
                "a working copy of " + id.value() + " made by the vault: " + how, null, null);
        return new EvidenceItem(copyId, 1, incidentId, team, registeredBy, d, Status.RECEIVING, null, null, null, format, now, now, null,
                id, how);
    }

    /**
     * The item once every byte arrived, hashed as {@code sha256}/{@code sha512} and detected as {@code detected}.
     *
     * @throws InvalidInputException if the hashes differ from the capture hash, or the bytes from the declared type
     */
    public EvidenceItem received(String detected, String sha256, String sha512, java.util.Map<String, Object> analysis, Instant now) {
        if (status != Status.RECEIVING) {
            throw new IllegalStateException("item " + id + " is " + status);
        }
        requireMatchingDigests(sha256, sha512, null);
        return new EvidenceItem(id, version + 1, incidentId, team, registeredBy, details, Status.COMPLETE, detected, sha256, sha512, format,
                createdAt, now.isBefore(updatedAt) ? updatedAt : now, analysis, derivedFrom, derivation);
    }

    /** The same version in the custody of case team {@code team} (the one its incident is in). */
    EvidenceItem inCustodyOf(String team) {
        return new EvidenceItem(id, version, incidentId, team, registeredBy, details, status, detectedMediaType, sha256,
                sha512, format, createdAt, updatedAt, analysis, derivedFrom, derivation);
    }

    /** The next version, in the custody of case team {@code to} (its incident moved there). */
    public EvidenceItem transferred(String to, Instant now) {
        return new EvidenceItem(id, version + 1, incidentId, to, registeredBy, details, status, detectedMediaType, sha256,
                sha512, format, createdAt, now.isBefore(updatedAt) ? updatedAt : now, analysis, derivedFrom, derivation);
    }

    /** The item disposed of: its key destroyed and its bytes removed; its record (a tombstone) and history remain. */
    public EvidenceItem disposed(Instant now) {
        return new EvidenceItem(id, version + 1, incidentId, team, registeredBy, details, Status.DISPOSED, detectedMediaType, sha256,
                sha512, format, createdAt, now.isBefore(updatedAt) ? updatedAt : now, null, derivedFrom, derivation);
    }

    /** The item refused: nothing of its bytes is kept and its key is destroyed. */
    public EvidenceItem refused(Instant now) {
        return new EvidenceItem(id, version + 1, incidentId, team, registeredBy, details, Status.REFUSED, null, null, null, format, createdAt,
                now.isBefore(updatedAt) ? updatedAt : now, null, derivedFrom, derivation);
    }

    /** The hashes of the bytes against the capture hash of the registration and those sent with them ({@code sent}). */
    void requireMatchingDigests(String sha256, String sha512, ReprDigest sent) {
        if (details.captureSha256() != null && !details.captureSha256().equals(sha256)
                || details.captureSha512() != null && !details.captureSha512().equals(sha512)) {
            throw new InvalidInputException("captureSha256", "digest-mismatch",
                    "the bytes received do not have the digest taken at capture; nothing was kept");
        }
        if (sent != null && !sent.matches(sha256, sha512)) {
            throw new InvalidInputException("Repr-Digest", "digest-mismatch",
                    "the bytes received do not have the digest sent with them; nothing was kept");
        }
    }

    /** The media type the first bytes show, checked against the declared one and the kind. */
    void requireTypeFits(String detected) {
        if (MediaTypes.contradicts(details.mediaType(), detected)) {
            throw new InvalidInputException("mediaType", "contradicts-content",
                    "the bytes are not of the declared media type; nothing was kept");
        }
        if (!details.kind().allows(detected) && !detected.startsWith("text/") && !detected.equals("application/octet-stream")) {
            throw new InvalidInputException("kind", "kind-media-type", "the bytes are not something an item of this kind can be");
        }
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI u = new URI(url);
            return ("https".equalsIgnoreCase(u.getScheme()) || "http".equalsIgnoreCase(u.getScheme())) && u.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }
}

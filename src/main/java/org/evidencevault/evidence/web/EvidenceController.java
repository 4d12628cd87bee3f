package org.evidencevault.evidence.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.evidencevault.access.CurrentActor;
import org.evidencevault.approvals.Approval;
import org.evidencevault.approvals.ApprovalId;
import org.evidencevault.approvals.ApprovalJson;
import org.evidencevault.audit.RecordHistory;
import org.evidencevault.common.RuleViolation;
import org.evidencevault.evidence.EvidenceId;
import org.evidencevault.evidence.EvidenceItem;
import org.evidencevault.evidence.EvidenceKind;
import org.evidencevault.evidence.EvidenceService;
import org.evidencevault.evidence.UploadConflictException;
import org.evidencevault.incidents.IncidentId;
import org.evidencevault.problems.Problems;
import org.evidencevault.web.InvalidParameterException;
import org.evidencevault.web.Versions;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Evidence items over HTTP. Register with the metadata ({@code POST /api/v1/incidents/{id}/evidence}, JSON, with
 * an optional {@code Repr-Digest} of the file as taken at capture); send the bytes as
 * {@code PATCH /api/v1/evidence/{id}/content} ({@code Content-Type: application/offset+octet-stream},
 * {@code Upload-Offset}: where the stored bytes end), in one request or many; after a broken connection ask
 * {@code HEAD} for the {@code Upload-Offset} and go on from there (tus 1.0 core, without its extensions). Then
 * {@code GET .../content} (a recent passkey confirmation needed) and {@code GET .../custody}.
 */
@RestController
class EvidenceController {

    static final String UPLOAD_OFFSET = "Upload-Offset";
    static final String UPLOAD_LENGTH = "Upload-Length";
    static final String OFFSET_STREAM = "application/offset+octet-stream";

    private final EvidenceService evidence;
    private final CurrentActor actor;

    EvidenceController(EvidenceService evidence, CurrentActor actor) {
        this.evidence = evidence;
        this.actor = actor;
    }

    record Registration(EvidenceKind kind, String mediaType, Long size, String fileName, Instant collectedAt, String collector,
                        String method, String tool, String toolVersion, String sourceUrl, EvidenceItem.Sensitivity sensitivity,
                        String notes, String captureSha256) {
    }

    record ItemJson(String id, long version, String incidentId, String team, String registeredBy, EvidenceKind kind, String mediaType,
                    String detectedMediaType, long size, String fileName, Instant collectedAt, String collector, String method,
                    String tool, String toolVersion, String sourceUrl, EvidenceItem.Sensitivity sensitivity, String notes,
                    String captureSha256, EvidenceItem.Status status, String sha256, String sha512, String format,
                    Instant createdAt, Instant updatedAt, java.util.Map<String, Object> analysis, String derivedFrom, String derivation) {
        static ItemJson of(EvidenceItem i) {
            EvidenceItem.Details d = i.details();
            return new ItemJson(i.id().value(), i.version(), i.incidentId().value(), i.team(), i.registeredBy(), d.kind(), d.mediaType(),
                    i.detectedMediaType(), d.size(), d.fileName(), d.collectedAt(), d.collector(), d.method(), d.tool(),
                    d.toolVersion(), d.sourceUrl(), d.sensitivity(), d.notes(), d.captureSha256(), i.status(), i.sha256(), i.sha512(),
                    i.format(), i.createdAt(), i.updatedAt(), i.analysis(), i.derivedFrom() == null ? null : i.derivedFrom().value(),
                    i.derivation());
        }
    }

    @PostMapping(path = "/api/v1/incidents/{id}/evidence", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ItemJson> register(@PathVariable String id, @RequestBody Registration body,
                                      @RequestHeader(value = "Repr-Digest", required = false) String reprDigest) {
        EvidenceItem item = evidence.register(actor.get(), new IncidentId(id), new EvidenceItem.Details(body.kind(), body.mediaType(),
                body.size(), body.fileName(), body.collectedAt(), body.collector(), body.method(), body.tool(), body.toolVersion(),
                body.sourceUrl(), body.sensitivity(), body.notes(), body.captureSha256(), null), reprDigest);
        return ResponseEntity.created(URI.create("/api/v1/evidence/" + item.id().value())).eTag(Versions.etag(item.version()))
                .header(UPLOAD_OFFSET, "0").header(UPLOAD_LENGTH, Long.toString(item.details().size()))
                .body(ItemJson.of(item));
    }

    @GetMapping("/api/v1/incidents/{id}/evidence")
    List<ItemJson> ofIncident(@PathVariable String id) {
        return evidence.ofIncident(actor.get(), new IncidentId(id)).stream().map(ItemJson::of).toList();
    }

    @GetMapping("/api/v1/evidence/{id}")
    ResponseEntity<ItemJson> get(@PathVariable String id) {
        EvidenceItem item = evidence.get(actor.get(), new EvidenceId(id));
        return ResponseEntity.ok().eTag(Versions.etag(item.version())).body(ItemJson.of(item));
    }

    @RequestMapping(path = "/api/v1/evidence/{id}/content", method = RequestMethod.HEAD)
    ResponseEntity<Void> uploadOffset(@PathVariable String id) {
        EvidenceService.Upload u = evidence.status(actor.get(), new EvidenceId(id));
        return ResponseEntity.ok().header(UPLOAD_OFFSET, Long.toString(u.offset())).header(UPLOAD_LENGTH, Long.toString(u.size()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    @PatchMapping(path = "/api/v1/evidence/{id}/content", consumes = OFFSET_STREAM)
    ResponseEntity<Void> append(@PathVariable String id, @RequestHeader(value = UPLOAD_OFFSET, required = false) String offset,
                                @RequestHeader(value = "Repr-Digest", required = false) String reprDigest,
                                HttpServletRequest request) throws IOException {
        long from = parseOffset(offset);
        EvidenceService.Upload u = evidence.append(actor.get(), new EvidenceId(id), from, request.getInputStream(), reprDigest);
        return ResponseEntity.noContent().header(UPLOAD_OFFSET, Long.toString(u.offset())).build();
    }

    @GetMapping("/api/v1/evidence/{id}/content")
    ResponseEntity<StreamingResponseBody> download(@PathVariable String id) {
        return serve(evidence.download(actor.get(), new EvidenceId(id)));
    }

    /** An image's working copy without its metadata (never the original's bytes). */
    @GetMapping("/api/v1/evidence/{id}/preview")
    ResponseEntity<StreamingResponseBody> preview(@PathVariable String id) {
        return serve(evidence.preview(actor.get(), new EvidenceId(id)));
    }

    private static ResponseEntity<StreamingResponseBody> serve(EvidenceService.Download d) {
        String type = d.item().detectedMediaType() != null && !d.item().detectedMediaType().startsWith("text/")
                ? d.item().detectedMediaType() : MediaType.APPLICATION_OCTET_STREAM_VALUE;
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(type))
                .contentLength(d.item().details().size())
                // never the original file name, which often names the defender: the vault's id only
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"evidence-" + d.item().id().value() + "\"")
                .header("Repr-Digest", "sha-256=:" + base64(d.item().sha256()) + ":, sha-512=:" + base64(d.item().sha512()) + ":")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .body(d.body()::writeTo);
    }

    record DisposalRequest(String reason) {
    }

    /** Asks a second officer of the team to approve disposing of the item at its current version (If-Match). */
    @PostMapping(path = "/api/v1/evidence/{id}/disposal-requests", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ApprovalJson> requestDisposal(@PathVariable String id,
                                                 @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                 @RequestBody DisposalRequest body) {
        Approval a = evidence.requestDisposal(actor.get(), new EvidenceId(id), Versions.fromIfMatch(ifMatch), body.reason());
        return ResponseEntity.created(URI.create("/api/v1/approvals/" + a.id().value())).eTag(Versions.etag(a.version()))
                .body(ApprovalJson.of(a, java.time.Instant.now()));
    }

    /** Disposes of the item and its working copies: If-Match, a step-up and the granted approval ({@code Vault-Approval}). */
    @org.springframework.web.bind.annotation.DeleteMapping("/api/v1/evidence/{id}")
    java.util.Map<String, Object> dispose(@PathVariable String id,
                                          @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                          @RequestHeader(value = ApprovalId.HEADER, required = false) String approval) throws IOException {
        int n = evidence.dispose(actor.get(), new EvidenceId(id), Versions.fromIfMatch(ifMatch),
                approval == null ? null : new ApprovalId(approval));
        return java.util.Map.of("id", id, "disposedItems", n);
    }

    @GetMapping("/api/v1/evidence/{id}/custody")
    List<RecordHistory.Event> custody(@PathVariable String id) {
        return evidence.custody(actor.get(), new EvidenceId(id));
    }

    /**
     * A download whose stored bytes do not verify. Before the first byte went out: a 500 problem. After: nothing may
     * be added (not even a problem body, which would pass for bytes of the file): the exception goes on, and the
     * server cuts the response short of its Content-Length, so no client takes it as complete.
     */
    @ExceptionHandler(org.evidencevault.crypto.StreamingAead.StreamIntegrityException.class)
    ResponseEntity<Object> integrity(org.evidencevault.crypto.StreamingAead.StreamIntegrityException e,
                                     jakarta.servlet.http.HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            throw e;
        }
        response.reset();
        ProblemDetail p = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "evidence-integrity", "Stored evidence failed its check",
                "the stored bytes of this item do not verify; nothing was sent, the operators are alerted");
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(Problems.body(p));
    }

    @ExceptionHandler(UploadConflictException.class)
    ResponseEntity<Object> conflict(UploadConflictException e) {
        ProblemDetail p = Problems.invalid(HttpStatus.CONFLICT, "upload-conflict", "Upload does not fit",
                List.of(new RuleViolation(UPLOAD_OFFSET, e.rule(), e.getMessage())));
        return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(UPLOAD_OFFSET, Long.toString(e.offset())).body(Problems.body(p));
    }

    private static long parseOffset(String header) {
        if (header == null) {
            throw new InvalidParameterException(UPLOAD_OFFSET, "required", "is required: where the stored bytes end (HEAD tells)");
        }
        try {
            long v = Long.parseLong(header.trim());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(UPLOAD_OFFSET, "non-negative-integer", "must be a non-negative integer");
        }
    }

    private static String base64(String hex) {
        return java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(hex));
    }
}

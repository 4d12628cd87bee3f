package org.evidencevault.communications.web;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.common.Page;
import org.evidencevault.communications.Communication;
import org.evidencevault.communications.CommunicationQueries;
import org.evidencevault.communications.CommunicationService;
import org.evidencevault.communications.web.CommunicationJson.AwaitingReplyItem;
import org.evidencevault.communications.web.CommunicationJson.CommunicationRequest;
import org.evidencevault.communications.web.CommunicationJson.CommunicationResponse;
import org.evidencevault.communications.web.CommunicationJson.ImportRequest;
import org.evidencevault.communications.web.CommunicationJson.ImportResponse;
import org.evidencevault.communications.web.CommunicationJson.ImportedItem;
import org.evidencevault.communications.web.CommunicationJson.IncidentCitationJson;
import org.evidencevault.communications.web.CommunicationJson.ReplyRequest;
import org.evidencevault.communications.web.CommunicationJson.TimelineItem;
import org.evidencevault.access.CurrentActor;
import org.evidencevault.web.Versions;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/communications}: UN Special Procedures letters. Register, read (ETag), revise and add
 * replies (If-Match), find by reference with or without the type, threads and timelines per addressee,
 * letters awaiting a reply, the incidents a letter cites, the letters citing a letter, and import.
 * Record ids are the letter's identity: {@code OTH-62-2023}.
 */
@RestController
@RequestMapping("/api/v1/communications")
class CommunicationController {

    private final CommunicationService communications;
    private final CommunicationQueries queries;
    private final CurrentActor actor;

    CommunicationController(CommunicationService communications, CommunicationQueries queries, CurrentActor actor) {
        this.communications = communications;
        this.queries = queries;
        this.actor = actor;
    }

    @PostMapping
    ResponseEntity<CommunicationResponse> register(@RequestBody CommunicationRequest body) {
        Communication c = communications.register(actor.get(), CommunicationJson.toDomain(body));
        return ResponseEntity.created(URI.create("/api/v1/communications/" + c.id()))
                .eTag(Versions.etag(c.version())).body(CommunicationJson.of(c, queries.today()));
    }

    @GetMapping("/{id}")
    ResponseEntity<CommunicationResponse> get(@PathVariable String id) {
        return found(queries.get(actor.get(), id));
    }

    /** {@code ?ref=AL OTH 211/2021} or {@code ?ref=OTH 211/2021}: both name the same letter. */
    @GetMapping("/by-reference")
    ResponseEntity<CommunicationResponse> byReference(@RequestParam(required = false) String ref) {
        if (ref == null) {
            throw new InvalidInputException("ref", "required", "give the reference, e.g. ref=OTH 211/2021");
        }
        return found(queries.byReference(actor.get(), ref));
    }

    @PutMapping("/{id}")
    ResponseEntity<CommunicationResponse> revise(@PathVariable String id,
                                                 @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                 @RequestBody CommunicationRequest body) {
        long expected = Versions.fromIfMatch(ifMatch);
        return found(communications.revise(actor.get(), id, expected, CommunicationJson.toDomain(body)));
    }

    /** Records a reply (If-Match: the letter's version). A late reply is recorded and flagged {@code late: true}. */
    @PostMapping("/{id}/replies")
    ResponseEntity<CommunicationResponse> reply(@PathVariable String id,
                                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                @RequestBody ReplyRequest body) {
        long expected = Versions.fromIfMatch(ifMatch);
        return found(communications.addReply(actor.get(), id, expected, CommunicationJson.reply(body)));
    }

    /** Letters in date order: all, or the thread of one addressee ({@code addressee=OTH&addresseeName=NSO Group}). */
    @GetMapping
    Page<CommunicationResponse> list(@RequestParam(required = false) String addressee,
                                     @RequestParam(required = false) String addresseeName,
                                     @RequestParam(defaultValue = "0") int page,
                                     @RequestParam(defaultValue = "20") int size) {
        LocalDate today = queries.today();
        return queries.list(actor.get(), addressee, addresseeName, page, size).map(c -> CommunicationJson.of(c, today));
    }

    /** One addressee's letters in date order with sent date, reply date, lag in days and late flag. */
    @GetMapping("/timeline")
    Page<TimelineItem> timeline(@RequestParam(required = false) String addressee,
                                @RequestParam(required = false) String addresseeName,
                                @RequestParam(defaultValue = "0") int page,
                                @RequestParam(defaultValue = "20") int size) {
        LocalDate today = queries.today();
        return queries.timeline(actor.get(), addressee, addresseeName, page, size)
                .map(c -> CommunicationJson.timeline(c, today));
    }

    /** Letters without a reply, most overdue first; {@code overdue=true} only those past their deadline today. */
    @GetMapping("/awaiting-reply")
    Page<AwaitingReplyItem> awaitingReply(@RequestParam(required = false) String addressee,
                                          @RequestParam(required = false) String addresseeName,
                                          @RequestParam(required = false) String mandate,
                                          @RequestParam(required = false) Boolean overdue,
                                          @RequestParam(defaultValue = "0") int page,
                                          @RequestParam(defaultValue = "20") int size) {
        LocalDate today = queries.today();
        return queries.awaitingReply(actor.get(), addressee, addresseeName, mandate, overdue, page, size)
                .map(c -> CommunicationJson.awaiting(c, today));
    }

    /** The incidents a letter cites, with where it cites them. */
    @GetMapping("/{id}/incidents")
    Page<IncidentCitationJson> incidents(@PathVariable String id,
                                         @RequestParam(defaultValue = "0") int page,
                                         @RequestParam(defaultValue = "20") int size) {
        return queries.incidentsCitedBy(actor.get(), id, page, size).map(CommunicationJson::of);
    }

    /** Later letters citing this one. */
    /** The documents the letter pins by SHA-256, and the evidence items (UN letter, UN reply) holding those bytes. */
    @GetMapping("/{id}/documents")
    java.util.List<org.evidencevault.communications.CommunicationQueries.PinnedDocument> documents(@PathVariable String id) {
        return queries.documents(actor.get(), id);
    }

    @GetMapping("/{id}/cited-by")
    Page<CommunicationResponse> citedBy(@PathVariable String id,
                                        @RequestParam(defaultValue = "0") int page,
                                        @RequestParam(defaultValue = "20") int size) {
        LocalDate today = queries.today();
        return queries.citingCommunication(actor.get(), id, page, size).map(c -> CommunicationJson.of(c, today));
    }

    /**
     * Imports a batch {@code {"communications": [...]}} of letters in this API's own JSON, all or nothing:
     * every record is validated in full (including duplicates and citations within the batch) before
     * anything is written; one bad record rejects the batch with a 422 naming {@code communications[i].field}
     * and nothing is stored. The letters are then written one by one in sent-date order, each recorded in the
     * audit log before it is applied; there are no multi-document transactions, so if the vault dies (or a
     * letter of the batch is registered concurrently) part way, a prefix of the batch in that order is stored,
     * each letter complete; re-submitting reports that prefix as {@code duplicate}.
     */
    @PostMapping("/import")
    ImportResponse importBatch(@RequestBody ImportRequest body) {
        List<Communication> written = communications.importBatch(actor.get(), CommunicationJson.toDomain(body));
        return new ImportResponse(written.size(), written.stream()
                .map(c -> new ImportedItem(c.id(), c.details().reference().printed(), c.version())).toList());
    }

    private ResponseEntity<CommunicationResponse> found(Communication c) {
        return ResponseEntity.ok().eTag(Versions.etag(c.version())).body(CommunicationJson.of(c, queries.today()));
    }
}

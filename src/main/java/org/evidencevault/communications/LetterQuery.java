package org.evidencevault.communications;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.evidencevault.incidents.IncidentId;

/**
 * Which letters a read asks for, in the domain's words; {@link CommunicationRecords} turns it into a
 * store query over plain fields and blind indexes only (never decrypting to search). Immutable: each
 * method returns a narrower query.
 */
final class LetterQuery {

    /** One condition on stored letters. */
    sealed interface Condition permits AddressedTo, Named, UnderMandate, AwaitingReply, DueBefore, DueOnOrAfter,
            CitingIncident, CitingLetter, CitingLetterSentOnOrBefore {
    }

    record AddressedTo(String addressee) implements Condition {
    }

    record Named(String addresseeName) implements Condition {
    }

    record UnderMandate(String code) implements Condition {
    }

    record AwaitingReply() implements Condition {
    }

    record DueBefore(LocalDate day) implements Condition {
    }

    record DueOnOrAfter(LocalDate day) implements Condition {
    }

    record CitingIncident(IncidentId incident) implements Condition {
    }

    record CitingLetter(String id) implements Condition {
    }

    record CitingLetterSentOnOrBefore(String id, LocalDate day) implements Condition {
    }

    /** How the letters are ordered: by sent date, or by reply deadline (most overdue first); then by id. */
    enum Order { SENT_DATE, DEADLINE }

    private final List<Condition> conditions;

    private LetterQuery(List<Condition> conditions) {
        this.conditions = List.copyOf(conditions);
    }

    static LetterQuery all() {
        return new LetterQuery(List.of());
    }

    LetterQuery and(Condition c) {
        List<Condition> more = new ArrayList<>(conditions);
        more.add(c);
        return new LetterQuery(more);
    }

    List<Condition> conditions() {
        return conditions;
    }
}

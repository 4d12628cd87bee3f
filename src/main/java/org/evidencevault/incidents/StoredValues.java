package org.evidencevault.incidents;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import org.bson.Document;
import org.evidencevault.common.PartialDate;

/** Explicit BSON/JSON mapping of the nested values that are sealed as one JSON text per field. */
final class StoredValues {

    private StoredValues() {
    }

    static Document date(PartialDate d) {
        return d == null ? null : new Document("value", d.value()).append("precision", d.precision().name());
    }

    static PartialDate date(Document d) {
        return d == null ? null : new PartialDate(d.getString("value"), PartialDate.Precision.valueOf(d.getString("precision")));
    }

    /** The text of a typed id, or null. */
    static String value(Record id) {
        return id == null ? null : id.toString();
    }

    static String name(Enum<?> e) {
        return e == null ? null : e.name();
    }

    static <E extends Enum<E>> E value(Class<E> type, String name) {
        return name == null ? null : Enum.valueOf(type, name);
    }

    static String day(LocalDate d) {
        return d == null ? null : d.toString();
    }

    static LocalDate day(String s) {
        return s == null ? null : LocalDate.parse(s);
    }

    static Date time(Instant i) {
        return Date.from(i);
    }

    static Instant time(Date d) {
        return d == null ? null : d.toInstant();
    }

    /** A list of values as one JSON text: {@code {"v": [...]}}. */
    static <T> String jsonList(List<T> items, Function<T, Document> map) {
        return new Document("v", items.stream().map(map).toList()).toJson();
    }

    static <T> List<T> fromJsonList(String json, Function<Document, T> map) {
        if (json == null) {
            return List.of();
        }
        return Document.parse(json).getList("v", Document.class).stream().map(map).toList();
    }

    static InfectionEvent event(Document d) {
        return new InfectionEvent(date(d.get("date", Document.class)), DefenderId.ofNullable(d.getString("deviceOwnerId")),
                d.getString("exploitName"), value(IncidentStatus.class, d.getString("status")));
    }

    static Document event(InfectionEvent e) {
        return new Document("date", date(e.date())).append("deviceOwnerId", value(e.deviceOwnerId()))
                .append("exploitName", e.exploitName()).append("status", name(e.status()));
    }

    static ForensicConfirmation confirmation(Document d) {
        return new ForensicConfirmation(OrganisationId.ofNullable(d.getString("labOrganisationId")),
                value(ForensicTerms.Trigger.class, d.getString("trigger")), date(d.get("triggerDate", Document.class)),
                value(ForensicTerms.Acquisition.class, d.getString("acquisition")),
                value(ForensicTerms.Method.class, d.getString("method")),
                date(d.get("confirmedOn", Document.class)), date(d.get("publishedOn", Document.class)),
                d.getString("reportUrl"), value(ForensicTerms.Confidence.class, d.getString("confidence")),
                d.getList("restsOn", Document.class, List.of()).stream()
                        .map(p -> new EvidencePin(p.getString("evidenceId"), p.getString("sha256"))).toList());
    }

    static Document confirmation(ForensicConfirmation c) {
        Document d = new Document("labOrganisationId", value(c.labOrganisationId())).append("trigger", name(c.trigger()))
                .append("triggerDate", date(c.triggerDate())).append("acquisition", name(c.acquisition()))
                .append("method", name(c.method())).append("confirmedOn", date(c.confirmedOn()))
                .append("publishedOn", date(c.publishedOn())).append("reportUrl", c.reportUrl())
                .append("confidence", name(c.confidence()));
        if (!c.restsOn().isEmpty()) { // absent when empty: the stored form of a confirmation without pins is unchanged
            d.append("restsOn", c.restsOn().stream()
                    .map(p -> new Document("evidenceId", p.evidenceId()).append("sha256", p.sha256())).toList());
        }
        return d;
    }

    static Consent consent(Document d) {
        return new Consent(value(Consent.Purpose.class, d.getString("purpose")), day(d.getString("grantedOn")),
                day(d.getString("withdrawnOn")), d.getString("note"));
    }

    static Document consent(Consent c) {
        return new Document("purpose", name(c.purpose())).append("grantedOn", day(c.grantedOn()))
                .append("withdrawnOn", day(c.withdrawnOn())).append("note", c.note());
    }
}

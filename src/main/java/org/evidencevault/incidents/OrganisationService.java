package org.evidencevault.incidents;

import com.mongodb.client.model.Filters;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.evidencevault.audit.Audited;
import org.evidencevault.audit.Target;
import org.evidencevault.common.Actor;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.common.Page;
import org.evidencevault.security.AccessPolicy;
import org.evidencevault.security.Permission;
import org.springframework.stereotype.Service;

/** Organisations: register, revise, read, find by exact name. Every call is authorised and audited. */
@Service
public class OrganisationService {

    static final String TYPE = "organisation";

    private final OrganisationRecords records;
    private final Audited audited;
    private final AccessPolicy access;
    private final Clock clock;

    OrganisationService(OrganisationRecords records, Audited audited, AccessPolicy access, Clock clock) {
        this.records = records;
        this.audited = audited;
        this.access = access;
        this.clock = clock;
    }

    public Organisation register(Actor actor, Organisation.Details details) {
        access.require(actor, Permission.ORGANISATION_WRITE);
        Organisation o = Organisation.register(Ids.next(), details, clock.instant());
        return audited.change(actor, "organisation.register", records.insert(o), () -> o);
    }

    public Organisation revise(Actor actor, String id, long expectedVersion, Organisation.Details details) {
        access.require(actor, Permission.ORGANISATION_WRITE);
        Document current = raw(id);
        Organisation revised = Organisation.revision(RecordHeader.of(TYPE, current), expectedVersion, details, clock.instant());
        return audited.change(actor, "organisation.revise", records.replace(current, revised), () -> revised);
    }

    public Organisation get(Actor actor, String id) {
        access.require(actor, Permission.ORGANISATION_READ);
        Document d = raw(id);
        return audited.read(actor, "organisation.read", List.of(new Target(TYPE, id)), read -> records.open(d, read));
    }

    /** All organisations, or those whose name or acronym matches {@code name} exactly (normalised). */
    public Page<Organisation> list(Actor actor, String name, int page, int size) {
        access.require(actor, Permission.ORGANISATION_READ);
        Page.checkRequest(page, size);
        Bson filter = name == null ? new Document() : Filters.in("_id", records.idsByName(name));
        List<Document> docs = records.page(filter, page, size);
        long total = records.count(filter);
        List<Organisation> items = audited.read(actor, "organisation.list",
                docs.stream().map(d -> new Target(TYPE, d.getString("_id"))).toList(),
                read -> docs.stream().map(d -> records.open(d, read)).toList());
        return new Page<>(items, page, size, total);
    }

    /** Ids among {@code ids} that are not organisations of this vault. */
    Set<String> unknown(Collection<String> ids) {
        Set<String> missing = new LinkedHashSet<>(ids);
        missing.removeAll(records.existing(ids));
        return missing;
    }

    /** Organisation ids whose name or acronym matches exactly. No decryption: blind index only. */
    List<String> idsByName(String name) {
        return records.idsByName(name);
    }

    private Document raw(String id) {
        if (!Ids.looksValid(id)) {
            throw new NotFoundException(TYPE, id);
        }
        return records.raw(id);
    }
}

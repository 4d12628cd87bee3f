package org.evidencevault.incidents;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.evidencevault.audit.Action;
import org.evidencevault.audit.Audited;
import org.evidencevault.audit.Target;
import org.evidencevault.common.Actor;
import org.evidencevault.common.Checks;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.common.Page;
import org.evidencevault.records.StoredRecord;
import org.evidencevault.access.AccessPolicy;
import org.evidencevault.access.Permission;
import org.springframework.stereotype.Service;

/** Organisations: register, revise, read, list, find by exact name. Every call is authorised and audited. */
@Service
public class OrganisationService {

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
        Organisation o = Organisation.register(OrganisationId.next(), details, clock.instant());
        audited.change(actor, Action.ORGANISATION_REGISTER, records.creation(o));
        return o;
    }

    public Organisation revise(Actor actor, OrganisationId id, long expectedVersion, Organisation.Details details) {
        access.require(actor, Permission.ORGANISATION_WRITE);
        StoredRecord current = stored(id);
        Organisation revised = Organisation.revision(current.header(), expectedVersion, details, clock.instant());
        audited.change(actor, Action.ORGANISATION_REVISE, records.revision(current, revised));
        return revised;
    }

    public Organisation get(Actor actor, OrganisationId id) {
        access.require(actor, Permission.ORGANISATION_READ);
        StoredRecord r = stored(id);
        return audited.read(actor, Action.ORGANISATION_READ, List.of(target(id)), read -> records.open(r, read));
    }

    /** All organisations, or those whose name or acronym matches {@code name} exactly (normalised). */
    public Page<Organisation> list(Actor actor, String name, int page, int size) {
        access.require(actor, Permission.ORGANISATION_READ);
        Page.checkRequest(page, size);
        return page(actor, name, page, size);
    }

    /** Those whose name or acronym matches {@code name} exactly (normalised); the name is required. */
    public Page<Organisation> search(Actor actor, String name, int page, int size) {
        access.require(actor, Permission.ORGANISATION_READ);
        Page.checkRequest(page, size);
        new Checks().requirePresent(name, "name").throwIfAny();
        return page(actor, name, page, size);
    }

    private Page<Organisation> page(Actor actor, String name, int page, int size) {
        List<OrganisationId> named = name == null ? null : records.idsByName(name);
        List<StoredRecord> found = records.page(named, page, size);
        long total = records.count(named);
        List<Organisation> items = audited.read(actor, Action.ORGANISATION_LIST,
                found.stream().map(r -> target(new OrganisationId(r.id()))).toList(),
                read -> found.stream().map(r -> records.open(r, read)).toList());
        return new Page<>(items, page, size, total);
    }

    /** Ids among {@code ids} that are not organisations of this vault. */
    Set<OrganisationId> unknown(Collection<OrganisationId> ids) {
        Set<OrganisationId> missing = new LinkedHashSet<>(ids);
        missing.removeAll(records.existing(ids));
        return missing;
    }

    /** Organisation ids whose name or acronym matches exactly. No decryption: blind index only. */
    List<OrganisationId> idsByName(String name) {
        return records.idsByName(name);
    }

    private StoredRecord stored(OrganisationId id) {
        if (!id.wellFormed()) {
            throw new NotFoundException(OrganisationRecords.KIND.type());
        }
        return records.get(id);
    }

    private static Target target(OrganisationId id) {
        return new Target(OrganisationRecords.KIND.type(), id.value());
    }
}

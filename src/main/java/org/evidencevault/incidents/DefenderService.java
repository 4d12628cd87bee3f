package org.evidencevault.incidents;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.evidencevault.approvals.ApprovableAct;
import org.evidencevault.approvals.Approval;
import org.evidencevault.approvals.ApprovalId;
import org.evidencevault.approvals.ApprovalService;
import org.evidencevault.audit.Action;
import org.evidencevault.audit.Audited;
import org.evidencevault.audit.Target;
import org.evidencevault.common.Actor;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.common.Page;
import org.evidencevault.records.StoredRecord;
import org.evidencevault.access.AccessPolicy;
import org.evidencevault.access.Permission;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Service;

/**
 * Defenders: register, revise, read, exact-match search by name or organisation through blind indexes,
 * and erasure by crypto-shredding. Every call is authorised and audited.
 */
@Service
public class DefenderService {

    private final DefenderRecords records;
    private final OrganisationService organisations;
    private final Audited audited;
    private final AccessPolicy access;
    private final Clock clock;
    private final SharedView view;
    private final ApprovalService approvals;
    private final org.springframework.context.ApplicationEventPublisher events;

    DefenderService(DefenderRecords records, OrganisationService organisations, Audited audited, AccessPolicy access, Clock clock,
                    SharedView view, ApprovalService approvals, org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.view = view;
        this.approvals = approvals;
        this.records = records;
        this.organisations = organisations;
        this.audited = audited;
        this.access = access;
        this.clock = clock;
    }

    /** Registers a defender in the actor's only case team. */
    public Defender register(Actor actor, DefenderProfile profile) {
        return register(actor, null, profile);
    }

    /** Registers a defender in case team {@code team} (one of the actor's; null: the actor's only team). */
    public Defender register(Actor actor, String team, DefenderProfile profile) {
        access.require(actor, Permission.DEFENDER_WRITE);
        String chosen = CaseTeams.choose(actor, team);
        requireKnownOrganisation(profile);
        if (!publicNaming(profile).isEmpty()) {
            access.requireRecentPasskey(actor, clock.instant());
        }
        Defender d = Defender.register(DefenderId.next(), chosen, profile, clock.instant());
        audited.change(actor, Action.DEFENDER_REGISTER, records.creation(d));
        return d;
    }

    public Defender revise(Actor actor, DefenderId id, long expectedVersion, DefenderProfile profile) {
        access.require(actor, Permission.DEFENDER_WRITE);
        requireKnownOrganisation(profile);
        StoredRecord current = changeable(actor, id);
        requireStepUpForPublicNaming(actor, current, profile);
        Defender revised = Defender.revision(current.header(), expectedVersion, DefenderRecords.team(current), profile,
                clock.instant());
        audited.change(actor, Action.DEFENDER_REVISE, records.revision(current, revised));
        return revised;
    }

    public Defender get(Actor actor, DefenderId id) {
        access.require(actor, Permission.DEFENDER_READ);
        StoredRecord r = live(actor, id);
        return audited.read(actor, Action.DEFENDER_READ, List.of(target(id)), read -> records.open(r, read));
    }

    /** Exact (normalised) match on the full name, or on an organisation's name or acronym. */
    public Page<Defender> find(Actor actor, String fullName, String organisation, int page, int size) {
        access.require(actor, Permission.DEFENDER_READ);
        Page.checkRequest(page, size);
        if ((fullName == null) == (organisation == null)) {
            throw new InvalidInputException("name", "one-criterion", "give exactly one of 'name' or 'organisation'");
        }
        Bson visible = view.defenders(actor);
        List<StoredRecord> found = fullName != null
                ? records.byName(visible, fullName, 0, Integer.MAX_VALUE)
                : records.byOrganisation(visible, organisations.idsByName(organisation), 0, Integer.MAX_VALUE);
        List<StoredRecord> slice = found.stream().skip((long) page * size).limit(size).toList();
        List<Defender> items = audited.read(actor, Action.DEFENDER_SEARCH,
                slice.stream().map(r -> target(new DefenderId(r.id()))).toList(),
                read -> slice.stream().map(r -> records.open(r, read)).toList());
        return new Page<>(items, page, size, found.size());
    }

    /**
     * Asks for the approval that erasing this defender needs: the actor must be of the defender's team and name its
     * current version (what the approval will be bound to). Returns the pending request, which another officer of
     * the team then grants or refuses ({@link ApprovalService#decide}).
     */
    public Approval requestErasure(Actor actor, DefenderId id, long expectedVersion, String reason) {
        access.require(actor, Permission.DEFENDER_ERASE);
        StoredRecord current = changeable(actor, id);
        current.header().nextVersion(expectedVersion);
        return approvals.request(actor, ApprovableAct.DEFENDER_ERASE, erasureOf(id, expectedVersion), DefenderRecords.team(current),
                reason);
    }

    /**
     * Crypto-shredding: destroys the defender's data key so their sealed data can no longer be read by
     * anyone, from this store or any backup of it; incidents and other records stay intact and the
     * erasure itself is an audit entry. Needs the current version (If-Match) like any other change, a recent
     * passkey confirmation, and a granted approval of exactly this erasure (this defender, this version, this
     * requester) by a second officer of the team, which it uses up.
     */
    public Instant erase(Actor actor, DefenderId id, long expectedVersion, ApprovalId approval) {
        access.require(actor, Permission.DEFENDER_ERASE);
        access.requireRecentPasskey(actor, clock.instant());
        StoredRecord current = changeable(actor, id);
        long next = current.header().nextVersion(expectedVersion);
        approvals.use(actor, approval, ApprovableAct.DEFENDER_ERASE, erasureOf(id, expectedVersion));
        Instant erasedAt = current.header().revisedAt(clock.instant());
        audited.change(actor, Action.DEFENDER_ERASE, records.erasure(current, next, erasedAt));
        events.publishEvent(new DefenderErased(actor, id));
        return erasedAt;
    }

    private static Approval.Subject erasureOf(DefenderId id, long version) {
        return new Approval.Subject(DefenderRecords.KIND.type(), id.value(), version);
    }

    /**
     * Recording or changing a PUBLIC_NAMING consent (it unlocks naming the defender in public letters) needs a recent
     * passkey confirmation. Without one, the stored consents are opened (an audited read) to see whether this
     * revision widens any PUBLIC_NAMING consent; a revision that leaves them as they are, withdraws them (a withdrawal
     * date set or brought forward, the grant and its note unchanged) or removes them all, needs none: taking consent
     * back must never wait for a passkey.
     */
    private void requireStepUpForPublicNaming(Actor actor, StoredRecord current, DefenderProfile profile) {
        List<Consent> wanted = publicNaming(profile);
        if (wanted.isEmpty()) {
            // no PUBLIC_NAMING consent after the revision: it can only narrow what may be made public
            return;
        }
        try {
            access.requireRecentPasskey(actor, clock.instant());
        } catch (org.evidencevault.common.StepUpRequiredException e) {
            List<Consent> before = audited.read(actor, Action.DEFENDER_CONSENT_CHECK, List.of(target(id(current))),
                    read -> publicNaming(records.open(current, read).profile()));
            if (!wanted.stream().allMatch(w -> before.stream().anyMatch(b -> narrows(b, w)))) {
                throw e;
            }
        }
    }

    /** Whether consent {@code after} is {@code before} as it was, or withdrawn from the same day or earlier. */
    static boolean narrows(Consent before, Consent after) {
        if (before.equals(after)) {
            return true;
        }
        return before.purpose() == after.purpose() && before.grantedOn().equals(after.grantedOn())
                && java.util.Objects.equals(before.note(), after.note()) && after.withdrawnOn() != null
                && (before.withdrawnOn() == null || !after.withdrawnOn().isAfter(before.withdrawnOn()));
    }

    private static DefenderId id(StoredRecord r) {
        return new DefenderId(r.id());
    }

    private static List<Consent> publicNaming(DefenderProfile profile) {
        return profile.consents().stream().filter(c -> c.purpose() == Consent.Purpose.PUBLIC_NAMING).toList();
    }

    /** Ids among {@code ids} that are not live (unknown or erased) defenders the actor may reach. */
    Set<DefenderId> notLive(Actor actor, Collection<DefenderId> ids) {
        Set<DefenderId> missing = new LinkedHashSet<>(ids);
        missing.removeAll(records.liveIds(access.teamFilter(actor), ids));
        return missing;
    }

    /**
     * Rule 8 for other capabilities (e.g. a UN letter whose public version names a defender): returns
     * normally if the defender exists and holds a PUBLIC_NAMING consent active on {@code day}. Consents are
     * sealed, so this is an audited read; only the yes/no answer leaves this package.
     *
     * @throws NotFoundException if there is no such defender
     * @throws org.evidencevault.common.GoneException if the defender was erased
     * @throws InvalidInputException ({@code consents}, {@code public-naming-consent}) if no such consent is active
     */
    public void requirePublicNamingConsent(Actor actor, DefenderId id, LocalDate day) {
        access.require(actor, Permission.DEFENDER_READ);
        StoredRecord r = live(actor, id);
        audited.read(actor, Action.DEFENDER_CONSENT_CHECK, List.of(target(id)), read -> {
            records.open(r, read).profile().requirePublicNamingConsent(day);
            return null;
        });
    }

    /** Ids of the defenders the actor may reach whose name matches exactly. No decryption: blind index only. */
    List<DefenderId> idsByName(Actor actor, String fullName) {
        return records.idsByName(view.defenders(actor), fullName);
    }

    private void requireKnownOrganisation(DefenderProfile profile) {
        if (profile.organisationId() != null && !organisations.unknown(List.of(profile.organisationId())).isEmpty()) {
            throw new InvalidInputException("organisationId", "unknown-organisation", "is not an organisation of this vault");
        }
    }

    /**
     * The stored defender if it exists and the actor may see it (else not found, the same answer for both, at the
     * same cost), and was not erased (else gone: said only to those who may see it).
     */
    private StoredRecord live(Actor actor, DefenderId id) {
        return DefenderRecords.requireLive(reachable(id, r -> view.mayReachDefender(actor, r)));
    }

    /** As {@link #live}, for a change: the actor must be of the defender's team. */
    private StoredRecord changeable(Actor actor, DefenderId id) {
        return DefenderRecords.requireLive(reachable(id, r -> access.mayChange(actor, DefenderRecords.team(r))));
    }

    private StoredRecord reachable(DefenderId id, java.util.function.Predicate<StoredRecord> mayReach) {
        return records.reachable(id, mayReach);
    }

    private static Target target(DefenderId id) {
        return new Target(DefenderRecords.KIND.type(), id.value());
    }
}

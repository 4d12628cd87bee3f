package org.evidencevault.security;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;
import org.evidencevault.audit.AuditedRead;
import org.evidencevault.audit.StateChange;
import org.evidencevault.common.Role;
import org.evidencevault.records.RecordKind;
import org.evidencevault.records.RecordStores;
import org.evidencevault.records.SealedRecords;
import org.evidencevault.records.StoredRecord;
import org.springframework.stereotype.Component;

/**
 * Stored accounts, through the sealed-record toolkit like every record: changed only by recorded changes,
 * so every account change is an audit entry bound to the log. {@code _id} is the (lower-case) username.
 * Plain: roles, teams, disabled, enrolment pending, security stamp, the Argon2id password hash (made to be
 * exposed; it is still never served). Sealed under the account's own data key: the TOTP secret, and one
 * being enrolled.
 */
@Component
class AccountRecords {

    static final RecordKind KIND = new RecordKind("account", "accounts");

    /** A version of an account as it is stored: what the domain sees plus its plain values. */
    record Stored(Account account, Plain plain, StoredRecord record) {
        String passwordHash() {
            return plain.passwordHash();
        }
    }

    /** The plain (unsealed) values of one version; each change makes a new one. */
    record Plain(Set<Role> roles, Set<String> teams, Set<String> mandates, boolean disabled, boolean enrolmentPending, long stamp,
                 String passwordHash) {
        Plain {
            roles = Set.copyOf(roles);
            teams = Set.copyOf(teams);
            mandates = Set.copyOf(mandates);
        }

        Plain withRoles(Set<Role> r) {
            return new Plain(r, teams, mandates, disabled, enrolmentPending, stamp, passwordHash);
        }

        Plain withTeams(Set<String> t) {
            return new Plain(roles, t, mandates, disabled, enrolmentPending, stamp, passwordHash);
        }

        Plain withMandates(Set<String> m) {
            return new Plain(roles, teams, m, disabled, enrolmentPending, stamp, passwordHash);
        }

        Plain withDisabled(boolean d) {
            return new Plain(roles, teams, mandates, d, enrolmentPending, stamp, passwordHash);
        }

        Plain withEnrolmentPending(boolean p) {
            return new Plain(roles, teams, mandates, disabled, p, stamp, passwordHash);
        }

        Plain withPasswordHash(String h) {
            return new Plain(roles, teams, mandates, disabled, enrolmentPending, stamp, h);
        }

        /** The same values with a new security stamp: every session and token of the account ends. */
        Plain endingSessions() {
            return new Plain(roles, teams, mandates, disabled, enrolmentPending, stamp + 1, passwordHash);
        }
    }

    /** Everything one version holds; sealed parts as plain text here (base32 secrets). */
    record Values(Plain plain, String totpSecret, String pendingTotpSecret) {
    }

    private final SealedRecords records;

    AccountRecords(RecordStores stores) {
        this.records = stores.of(KIND);
    }

    Optional<Stored> find(String username) {
        return records.findTrusted(username).map(this::stored);
    }

    /** Whether a document is stored under {@code username}, whatever its check against the log says. */
    boolean exists(String username) {
        return records.exists(username);
    }

    List<Stored> all() {
        return records.find(new Document(), new Document("_id", 1), 0, 10_000).stream().map(this::stored).toList();
    }

    StateChange creation(String username, Values v, Instant now) {
        return records.creation(username, dek -> toDocument(username, 1, dek, now, now, v));
    }

    StateChange revision(Stored current, Values v, Instant now) {
        long next = current.account().version() + 1;
        Instant at = current.record().header().revisedAt(now);
        return records.revision(current.record(), next, dek -> toDocument(current.account().username(), next, dek,
                current.record().header().createdAt(), at, v));
    }

    /** The plain values of a stored version, sealed ones opened inside {@code read}. */
    Values open(Stored s, AuditedRead read) {
        Map<String, String> secret = records.open(s.record(), read);
        return new Values(s.plain(), secret.get("totpSecret"), secret.get("pendingTotpSecret"));
    }

    /**
     * The change that gives {@code current} new plain values (roles, teams, disabled, stamp, password
     * hash...) and keeps its sealed TOTP secrets exactly as they are, without opening them.
     */
    StateChange plainRevision(Stored current, Plain plain, Instant now) {
        long next = current.account().version() + 1;
        Instant at = current.record().header().revisedAt(now);
        Document d = plainDocument(plain, current.account().totpEnrolled());
        return records.revision(current.record(), next, dek -> records.composeKeepingSealed(current.record(), next, at, d));
    }

    private Stored stored(StoredRecord r) {
        Document d = r.document();
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : d.getList("roles", String.class, List.of())) {
            for (Role role : Role.values()) {
                if (role.name().equals(name) && role.assignable()) {
                    roles.add(role);
                }
            }
        }
        Set<String> teams = new TreeSet<>(d.getList("teams", String.class, List.of()));
        Set<String> mandates = new TreeSet<>(d.getList("mandates", String.class, List.of()));
        Plain plain = new Plain(roles, teams, mandates, Boolean.TRUE.equals(d.getBoolean("disabled")),
                Boolean.TRUE.equals(d.getBoolean("enrolmentPending")),
                d.get("stamp", Number.class) == null ? 0 : d.get("stamp", Number.class).longValue(), d.getString("passwordHash"));
        Account a = new Account(r.id(), r.version(), roles, teams, mandates, plain.disabled(), plain.enrolmentPending(),
                Boolean.TRUE.equals(d.getBoolean("totpEnrolled")), plain.stamp(), r.header().createdAt());
        return new Stored(a, plain, r);
    }

    private Document toDocument(String username, long version, String dek, Instant createdAt, Instant updatedAt, Values v) {
        Document plain = plainDocument(v.plain(), v.totpSecret() != null);
        Map<String, String> secret = new LinkedHashMap<>();
        secret.put("totpSecret", v.totpSecret());
        secret.put("pendingTotpSecret", v.pendingTotpSecret());
        return records.compose(username, version, dek, createdAt, updatedAt, plain, secret);
    }

    private static Document plainDocument(Plain p, boolean totpEnrolled) {
        return new Document("roles", p.roles().stream().sorted().map(Role::name).toList())
                .append("teams", p.teams().stream().sorted().toList())
                .append("mandates", p.mandates().stream().sorted().toList())
                .append("disabled", p.disabled())
                .append("enrolmentPending", p.enrolmentPending())
                .append("totpEnrolled", totpEnrolled)
                .append("stamp", p.stamp())
                .append("passwordHash", p.passwordHash());
    }
}

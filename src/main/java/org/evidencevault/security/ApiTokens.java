package org.evidencevault.security;

import com.mongodb.client.model.Filters;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bson.Document;
import org.evidencevault.audit.Action;
import org.evidencevault.audit.Audited;
import org.evidencevault.common.Actor;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.common.Role;
import org.evidencevault.crypto.Digests;
import org.evidencevault.records.RecordKind;
import org.evidencevault.records.RecordStores;
import org.evidencevault.records.SealedRecords;
import org.evidencevault.records.StoredRecord;
import org.springframework.stereotype.Component;

/**
 * Bearer tokens ({@code api_tokens}): {@code _id} is the token's public id (for listing and revoking); the
 * token itself (32 random bytes, base64url) is handed out once and stored only as its SHA-256. A token is
 * issued only after both factors, with a scope, an expiry (at most {@code vault.security.max-token-ttl}),
 * the roles of its account then and the account's security stamp: a password change or reset, new roles or
 * a disabled account end it at once. Issue and revocation are recorded changes. Expiry is decided on every
 * lookup by the vault's clock (the store's time, so every instance agrees); no instance ever deletes a token
 * record because its own clock says it expired: records stay, bound to the log, as the history of access.
 */
@Component
public class ApiTokens {

    public static final String TOKEN_TYPE = "Bearer";
    static final RecordKind KIND = new RecordKind("api-token", "api_tokens");
    private static final int TOKEN_BYTES = 32;
    private static final Pattern TOKEN_SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** A token as its owner sees it in a list. */
    public record TokenView(String id, TokenScope scope, List<Role> roles, Instant issuedAt, Instant expiresAt, String label) {
    }

    private final SealedRecords tokens;
    private final AccountService accounts;
    private final Audited audited;
    private final SecurityProperties props;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiTokens(RecordStores stores, AccountService accounts, Audited audited, SecurityProperties props, Clock clock) {
        this.tokens = stores.of(KIND).uniqueIndex("api_token_secret", "secretHash").index("username");
        this.accounts = accounts;
        this.audited = audited;
        this.props = props;
        this.clock = clock;
    }

    /**
     * Issues a token for an account whose two factors the caller has just checked. {@code passkeyAt}: when the
     * session it is made from last used a passkey (null: none); the token carries it, so a step-up made just
     * before also counts for the token, and for no longer than it would for the session.
     */
    IssuedToken issue(Account account, TokenScope scope, Duration ttl, String label, Instant passkeyAt) {
        Duration lifetime = ttl == null ? props.tokenTtl() : ttl;
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(props.maxTokenTtl()) > 0) {
            throw new InvalidInputException("ttlMinutes", "range", "must be from 1 minute to " + props.maxTokenTtl().toMinutes() + " minutes");
        }
        if (label != null && label.length() > 100) {
            throw new InvalidInputException("label", "max-length", "must be at most 100 characters");
        }
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        byte[] idBytes = new byte[16];
        random.nextBytes(idBytes);
        String id = HexFormat.of().formatHex(idBytes);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(lifetime);
        Document plain = new Document("secretHash", Digests.sha256Hex(token))
                .append("username", account.username())
                .append("scope", scope.name())
                .append("roles", account.roles().stream().sorted().map(Role::name).toList())
                .append("stamp", account.stamp())
                .append("expiresAt", Date.from(expiresAt))
                .append("label", label);
        if (passkeyAt != null) {
            plain.append("passkeyAt", Date.from(passkeyAt));
        }
        audited.change(new Actor(account.username(), account.roles()), Action.TOKEN_ISSUE,
                tokens.plainCreation(id, tokens.compose(id, 1, null, now, now, plain, java.util.Map.of())));
        return new IssuedToken(token, id, account.username(), scope, account.roles(), expiresAt);
    }

    /**
     * The grant behind {@code token}, if the token is known, not revoked, unexpired, and its account still
     * exists, is active and has the stamp the token was issued with. Roles are those the token was issued
     * with, narrowed to those the account still holds.
     */
    public Optional<TokenGrant> lookup(String token) {
        if (token == null || !TOKEN_SHAPE.matcher(token).matches()) {
            return Optional.empty();
        }
        List<StoredRecord> found = tokens.find(Filters.eq("secretHash", Digests.sha256Hex(token)), new Document(), 0, 1);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Document d = found.get(0).document();
        Date expiresAt = d.getDate("expiresAt");
        if (d.get("revokedAt") != null || expiresAt == null || !clock.instant().isBefore(expiresAt.toInstant())) {
            return Optional.empty();
        }
        Optional<Account> account = accounts.find(d.getString("username"));
        if (account.isEmpty() || !account.get().active() || account.get().stamp() != d.get("stamp", Number.class).longValue()) {
            return Optional.empty();
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : d.getList("roles", String.class, List.of())) {
            account.get().roles().stream().filter(r -> r.name().equals(name)).forEach(roles::add);
        }
        if (roles.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TokenGrant(account.get().username(), found.get(0).id(), TokenScope.valueOf(d.getString("scope")),
                roles, account.get().teams(), account.get().mandates(), expiresAt.toInstant(),
                d.getDate("passkeyAt") == null ? null : d.getDate("passkeyAt").toInstant()));
    }

    /** The tokens of an account that are still valid, newest first. */
    public List<TokenView> list(Account account) {
        Instant now = clock.instant();
        return tokens.find(Filters.and(Filters.eq("username", account.username()), Filters.exists("revokedAt", false),
                        Filters.gt("expiresAt", Date.from(now)), Filters.eq("stamp", account.stamp())),
                        new Document("createdAt", -1), 0, 200).stream()
                .map(r -> new TokenView(r.id(), TokenScope.valueOf(r.document().getString("scope")),
                        r.document().getList("roles", String.class, List.of()).stream().map(Role::valueOf).toList(),
                        r.header().createdAt(), r.document().getDate("expiresAt").toInstant(), r.document().getString("label")))
                .toList();
    }

    /** Revokes one of the actor's own tokens by its id. */
    public void revoke(Actor actor, String id) {
        StoredRecord r = tokens.findTrusted(id).filter(x -> x.document().get("revokedAt") == null)
                .filter(x -> actor.username().equals(x.document().getString("username")))
                .orElseThrow(() -> new NotFoundException("token"));
        revoke(actor, r);
    }

    /** Revokes the token itself (the one a request is authenticated with); true if it was valid. */
    public boolean revokeToken(Actor actor, String token) {
        if (token == null || !TOKEN_SHAPE.matcher(token).matches()) {
            return false;
        }
        List<StoredRecord> found = tokens.find(Filters.eq("secretHash", Digests.sha256Hex(token)), new Document(), 0, 1);
        if (found.isEmpty() || found.get(0).document().get("revokedAt") != null) {
            return false;
        }
        revoke(actor, found.get(0));
        return true;
    }

    private void revoke(Actor actor, StoredRecord r) {
        long next = r.version() + 1;
        Instant now = r.header().revisedAt(clock.instant());
        Document plain = new Document(r.document());
        for (String header : List.of("_id", "version", "createdAt", "updatedAt")) {
            plain.remove(header);
        }
        plain.append("revokedAt", Date.from(now));
        audited.change(actor, Action.TOKEN_REVOKE, tokens.revision(r, next, dek -> tokens.composeKeepingSealed(r, next, now, plain)));
    }
}

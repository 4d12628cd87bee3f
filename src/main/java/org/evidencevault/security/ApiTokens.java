package org.evidencevault.security;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bson.Document;
import org.evidencevault.common.Role;
import org.evidencevault.crypto.Digests;
import org.springframework.stereotype.Component;

/**
 * Bearer tokens in {@code api_tokens}: {@code {_id: sha256-hex(token), username, roles, issuedAt, expiresAt}}.
 * The token itself (32 random bytes, base64url) is handed out once and never stored. Expiry is
 * checked here on every lookup, by the vault's clock (the store's time, so every instance agrees), not left
 * to a TTL index (the embedded store has none); expired records are removed a while later, never on lookup.
 */
@Component
public class ApiTokens {

    public static final String TOKEN_TYPE = "Bearer";
    private static final int TOKEN_BYTES = 32;
    private static final Pattern TOKEN_SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");
    /** How long after expiry a token record is deleted: expiry itself is decided on every lookup. */
    static final Duration CLEANUP_GRACE = Duration.ofMinutes(10);

    private final MongoCollection<Document> tokens;
    private final AccountStore accounts;
    private final Duration ttl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiTokens(MongoDatabase db, AccountStore accounts, SecurityProperties props, Clock clock) {
        this.tokens = db.getCollection("api_tokens");
        this.accounts = accounts;
        this.ttl = props.tokenTtl();
        this.clock = clock;
    }

    /** Issues a token for an account whose credentials the caller has just checked. */
    public IssuedToken issue(Account account) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        // tokens expired for a while are cleaned up; never one another instance may still be serving
        tokens.deleteMany(Filters.lte("expiresAt", Date.from(now.minus(CLEANUP_GRACE))));
        tokens.insertOne(new Document("_id", Digests.sha256Hex(token))
                .append("username", account.username())
                .append("roles", EnumSet.copyOf(account.roles()).stream().map(Role::name).toList())
                .append("issuedAt", Date.from(now))
                .append("expiresAt", Date.from(expiresAt)));
        return new IssuedToken(token, account.username(), account.roles(), expiresAt);
    }

    /**
     * The grant behind {@code token}, if the token is known, unexpired and its account still exists
     * and is enabled. Roles are those the token was issued with, narrowed to those the account still
     * holds (a token left with no role is invalid). An expired token is deleted.
     */
    public Optional<TokenGrant> lookup(String token) {
        if (token == null || !TOKEN_SHAPE.matcher(token).matches()) {
            return Optional.empty();
        }
        String id = Digests.sha256Hex(token);
        Document doc = tokens.find(Filters.eq("_id", id)).first();
        if (doc == null) {
            return Optional.empty();
        }
        Date expiresAt = doc.getDate("expiresAt");
        if (expiresAt == null || !clock.instant().isBefore(expiresAt.toInstant())) {
            return Optional.empty();
        }
        Optional<Account> account = accounts.find(doc.getString("username"));
        if (account.isEmpty() || account.get().disabled()) {
            return Optional.empty();
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : doc.getList("roles", String.class, List.of())) {
            account.get().roles().stream().filter(r -> r.name().equals(name)).forEach(roles::add);
        }
        if (roles.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TokenGrant(account.get().username(), roles, expiresAt.toInstant()));
    }

    /** Deletes the token; true if it existed. */
    public boolean revoke(String token) {
        if (token == null || !TOKEN_SHAPE.matcher(token).matches()) {
            return false;
        }
        return tokens.deleteOne(Filters.eq("_id", Digests.sha256Hex(token))).getDeletedCount() > 0;
    }
}

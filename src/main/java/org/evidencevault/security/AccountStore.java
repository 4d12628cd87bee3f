package org.evidencevault.security;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bson.Document;
import org.evidencevault.common.Checks;
import org.evidencevault.common.Role;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Accounts in {@code accounts}: {@code {_id: username, passwordHash, roles, disabled, createdAt}}.
 * Usernames are case-insensitive (stored lower-case). Passwords are hashed here and never stored or
 * logged in clear. No account may hold {@link Role#SYSTEM}: that role is the vault itself.
 */
@Component
public class AccountStore {

    public static final int MIN_PASSWORD_LENGTH = 12;
    public static final int MAX_PASSWORD_LENGTH = 1024;
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");

    private final MongoCollection<Document> accounts;
    private final PasswordEncoder encoder;
    private final Clock clock;

    AccountStore(MongoDatabase db, PasswordEncoder encoder, Clock clock) {
        this.accounts = db.getCollection("accounts");
        this.encoder = encoder;
        this.clock = clock;
    }

    /**
     * Creates an enabled account.
     *
     * @throws org.evidencevault.common.InvalidInputException if the username, password or roles break a rule
     * @throws AccountExistsException if the username is taken
     */
    public Account create(String username, String rawPassword, Set<Role> roles) {
        String name = normalise(username);
        new Checks()
                .requirePresent(name, "username")
                .require(name == null || USERNAME.matcher(name).matches(), "username", "format",
                        "must be 1-64 characters: letters, digits, '.', '_', '@', '-'")
                .require(rawPassword != null && rawPassword.length() >= MIN_PASSWORD_LENGTH, "password",
                        "min-length", "must be at least " + MIN_PASSWORD_LENGTH + " characters")
                .require(rawPassword == null || rawPassword.length() <= MAX_PASSWORD_LENGTH, "password",
                        "max-length", "must be at most " + MAX_PASSWORD_LENGTH + " characters")
                .requirePresent(roles, "roles")
                .require(roles == null || !roles.contains(Role.SYSTEM), "roles", "no-system",
                        "SYSTEM is the vault itself, not an account role")
                .throwIfAny();
        Instant now = clock.instant();
        Account account = new Account(name, encoder.encode(rawPassword), roles, false, now);
        try {
            accounts.insertOne(new Document("_id", account.username())
                    .append("passwordHash", account.passwordHash())
                    .append("roles", roleNames(account.roles()))
                    .append("disabled", false)
                    .append("createdAt", Date.from(now)));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                throw new AccountExistsException(name);
            }
            throw e;
        }
        return account;
    }

    /** Creates the account unless one with this username exists; true if it was created now. */
    public boolean createIfAbsent(String username, String rawPassword, Set<Role> roles) {
        if (find(username).isPresent()) {
            return false;
        }
        try {
            create(username, rawPassword, roles);
            return true;
        } catch (AccountExistsException e) {
            return false;
        }
    }

    public Optional<Account> find(String username) {
        String name = normalise(username);
        if (name == null || name.isEmpty()) {
            return Optional.empty();
        }
        Document doc = accounts.find(Filters.eq("_id", name)).first();
        return Optional.ofNullable(doc).map(AccountStore::toAccount);
    }

    private static String normalise(String username) {
        return username == null ? null : username.strip().toLowerCase(Locale.ROOT);
    }

    private static List<String> roleNames(Set<Role> roles) {
        return EnumSet.copyOf(roles).stream().map(Role::name).toList();
    }

    private static Account toAccount(Document doc) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : doc.getList("roles", String.class, List.of())) {
            for (Role r : Role.values()) {
                if (r.name().equals(name) && r != Role.SYSTEM) {
                    roles.add(r);
                }
            }
        }
        Date createdAt = doc.getDate("createdAt");
        return new Account(doc.getString("_id"), doc.getString("passwordHash"), roles,
                Boolean.TRUE.equals(doc.getBoolean("disabled")),
                createdAt == null ? null : createdAt.toInstant());
    }
}

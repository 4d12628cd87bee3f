package org.evidencevault.security;

import org.evidencevault.access.Permission;
import org.evidencevault.access.AccessPolicy;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.evidencevault.audit.Action;
import org.evidencevault.audit.Audited;
import org.evidencevault.audit.IntegrityHaltException;
import org.evidencevault.audit.Target;
import org.evidencevault.common.Actor;
import org.evidencevault.common.Checks;
import org.evidencevault.common.InvalidInputException;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.common.Role;
import org.evidencevault.common.StaleVersionException;
import org.evidencevault.crypto.SecretBytes;
import org.evidencevault.crypto.Totp;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Accounts and their life: an ADMIN creates, disables and re-enables accounts, sets their roles and the
 * case teams they work in, and resets their password (which also ends their second factors, so the person
 * must enrol a new one: a reset never bypasses the second factor); a person changes their own password and
 * enrols or removes a TOTP authenticator. Every change is a recorded change of the account record.
 * Disabling an account, changing its roles, teams or password bumps its security stamp, which ends every
 * session and token it has at once.
 */
@Service
public class AccountService {

    private static final Logger log = LoggerFactory.getLogger(AccountService.class);

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");
    private static final String ISSUER = "Evidence Vault";

    private final AccountRecords records;
    private final Audited audited;
    private final PasswordEncoder encoder;
    private final PasswordPolicy policy;
    private final AccessPolicy access;
    private final UsedTotpSteps usedSteps;
    private final Clock clock;
    private final String decoyHash;
    private final SecureRandom random = new SecureRandom();

    AccountService(AccountRecords records, Audited audited, PasswordEncoder encoder, PasswordPolicy policy, AccessPolicy access,
                   UsedTotpSteps usedSteps, Clock clock) {
        this.records = records;
        this.audited = audited;
        this.encoder = encoder;
        this.policy = policy;
        this.access = access;
        this.usedSteps = usedSteps;
        this.clock = clock;
        this.decoyHash = encoder.encode("decoy password that never matches a request");
    }

    // ---- reading --------------------------------------------------------------------------------------

    public Optional<Account> find(String username) {
        String name = normalise(username);
        return name == null || !USERNAME.matcher(name).matches() ? Optional.empty() : records.find(name).map(AccountRecords.Stored::account);
    }

    /** One account, for an ADMIN. */
    public Account get(Actor actor, String username) {
        access.require(actor, Permission.ACCOUNTS_ADMIN);
        return stored(username).account();
    }

    public List<Account> list(Actor actor) {
        access.require(actor, Permission.ACCOUNTS_ADMIN);
        return records.all().stream().map(AccountRecords.Stored::account).toList();
    }

    /**
     * The account if it exists, is active and {@code password} is its password. An unknown account costs one
     * Argon2id verification like a known one, so time does not tell which usernames exist.
     */
    Optional<Account> checkPassword(String username, String password) {
        Optional<AccountRecords.Stored> stored = storedOrEmpty(username);
        String hash = stored.map(AccountRecords.Stored::passwordHash).orElse(decoyHash);
        boolean matches = password != null && password.length() <= PasswordPolicy.MAX_LENGTH && encoder.matches(password, hash);
        if (stored.isEmpty() || !matches || !stored.get().account().active()) {
            return Optional.empty();
        }
        return stored.map(AccountRecords.Stored::account);
    }

    /** Spends the time of one password check without checking anything (a throttled attempt). */
    void spendPasswordCheckTime(String password) {
        encoder.matches(password == null ? "" : password, decoyHash);
    }

    // ---- an ADMIN's work ------------------------------------------------------------------------------

    /** Creates an account that must enrol a second factor at its first login. */
    public Account create(Actor actor, String username, Set<Role> roles, String password) {
        return create(actor, username, roles, Set.of(), password);
    }

    /** A new account in case teams {@code teams} (null: none), which enrols its second factor at its first login. */
    public Account create(Actor actor, String username, Set<Role> roles, Set<String> teams, String password) {
        access.require(actor, Permission.ACCOUNTS_ADMIN);
        String name = normalise(username);
        Checks checks = new Checks().requirePresent(name, "username")
                .require(name == null || USERNAME.matcher(name).matches(), "username", "format",
                        "must be 1-64 characters: lower-case letters, digits, '.', '_', '@', '-'");
        requireRoles(checks, roles);
        Set<String> inTeams = teams == null ? Set.of() : teams;
        requireTeams(checks, inTeams);
        policy.check(checks, name, password, "password").throwIfAny();
        if (records.find(name).isPresent()) {
            throw new AccountExistsException();
        }
        AccountRecords.Values v = new AccountRecords.Values(
                new AccountRecords.Plain(roles, inTeams, Set.of(), false, true, 1, encoder.encode(password)), null, null);
        try {
            audited.change(actor, Action.ACCOUNT_CREATE, records.creation(name, v, clock.instant()));
        } catch (StaleVersionException e) {
            throw new AccountExistsException();
        }
        return find(name).orElseThrow();
    }

    /**
     * For start-up only (demo accounts, the bootstrap admin): creates the account unless it exists, with a
     * TOTP secret already enrolled when one is given. True if it was created now.
     */
    boolean createIfAbsent(String username, Set<Role> roles, Set<String> teams, Set<String> mandates, String password,
                           SecretBytes totpSecret) {
        String name = normalise(username);
        if (records.exists(name)) {
            // present, trusted or not: a start-up never writes over a stored account (one failing its check is
            // refused at login and reported by the sweep)
            return false;
        }
        Checks checks = new Checks();
        requireRoles(checks, roles);
        policy.check(checks, name, password, "password").throwIfAny();
        String secret = totpSecret == null ? null : Totp.base32(totpSecret);
        AccountRecords.Values v = new AccountRecords.Values(
                new AccountRecords.Plain(roles, teams, mandates, false, secret == null, 1, encoder.encode(password)), secret, null);
        try {
            audited.change(Actor.SYSTEM, Action.ACCOUNT_CREATE, records.creation(name, v, clock.instant()));
            return true;
        } catch (StaleVersionException e) {
            return false;
        } catch (IntegrityHaltException e) {
            // the vault still starts, so its operator can read the alarm; the account is created at a later start
            log.warn("account {} not created at start-up: {}", name, e.getMessage());
            return false;
        }
    }

    public Account disable(Actor actor, String username) {
        access.require(actor, Permission.ACCOUNTS_ADMIN);
        AccountRecords.Stored s = stored(username);
        if (s.account().username().equals(actor.username())) {
            throw new InvalidInputException("username", "not-yourself", "an administrator cannot disable their own account");
        }
        return plainChange(actor, Action.ACCOUNT_DISABLE, s, s.plain().withDisabled(true).endingSessions());
    }

    public Account enable(Actor actor, String username) {
        access.require(actor, Permission.ACCOUNTS_ADMIN);
        AccountRecords.Stored s = stored(username);
        return plainChange(actor, Action.ACCOUNT_ENABLE, s, s.plain().withDisabled(false).endingSessions());
    }

    /** New roles take effect at once: the stamp changes, so the account's sessions and tokens end. */
    public Account setRoles(Actor actor, String username, Set<Role> roles) {
        access.require(actor, Permission.ACCOUNTS_ADMIN);
        Checks checks = new Checks();
        requireRoles(checks, roles);
        checks.throwIfAny();
        AccountRecords.Stored s = stored(username);
        return plainChange(actor, Action.ACCOUNT_ROLES, s, s.plain().withRoles(roles).endingSessions());
    }

    /**
     * The case teams an account works in (what it may see is decided from them): takes effect at once, the
     * account's sessions and tokens end.
     */
    public Account setTeams(Actor actor, String username, Set<String> teams) {
        access.require(actor, Permission.ACCOUNTS_ADMIN);
        Checks checks = new Checks().requirePresent(teams, "teams");
        if (teams != null) {
            requireTeams(checks, teams);
        }
        checks.throwIfAny();
        AccountRecords.Stored s = stored(username);
        return plainChange(actor, Action.ACCOUNT_TEAMS, s, s.plain().withTeams(teams).endingSessions());
    }

    /**
     * The UN mandates an account serves (a rapporteur sees what case teams shared with them): takes effect at
     * once, the account's sessions and tokens end.
     */
    public Account setMandates(Actor actor, String username, Set<String> mandates) {
        access.require(actor, Permission.ACCOUNTS_ADMIN);
        Checks checks = new Checks().requirePresent(mandates, "mandates");
        if (mandates != null) {
            org.evidencevault.access.AccessNames.mandates(checks, mandates, "mandates", 50);
        }
        checks.throwIfAny();
        AccountRecords.Stored s = stored(username);
        return plainChange(actor, Action.ACCOUNT_MANDATES, s, s.plain().withMandates(mandates).endingSessions());
    }

    private static void requireTeams(Checks checks, Set<String> teams) {
        org.evidencevault.access.AccessNames.teams(checks, teams, "teams", 50);
    }

    /** A password reset by an ADMIN: the new password is returned once, and never stored in clear. */
    public record Reset(Account account, String temporaryPassword) {
        @Override
        public String toString() {
            return "Reset[" + account + ", temporaryPassword=***]";
        }
    }

    /**
     * Sets a new random password, removes the account's TOTP authenticator and passkeys (the person enrols a
     * new second factor at the next login: a reset never bypasses it) and ends all its sessions and tokens.
     */
    public Reset resetPassword(Actor actor, String username, PasskeyStore passkeys) {
        access.require(actor, Permission.ACCOUNTS_ADMIN);
        AccountRecords.Stored s = stored(username);
        String password = randomPassword();
        AccountRecords.Values v = new AccountRecords.Values(
                s.plain().withEnrolmentPending(true).withPasswordHash(encoder.encode(password)).endingSessions(), null, null);
        audited.change(actor, Action.ACCOUNT_PASSWORD_RESET, records.revision(s, v, clock.instant()));
        passkeys.removeAll(actor, s.account().username());
        return new Reset(find(username).orElseThrow(), password);
    }

    // ---- a person's own account -----------------------------------------------------------------------

    /** Changes one's own password; every session and token of the account ends, this one included. */
    public Account changePassword(Actor actor, String currentPassword, String newPassword) {
        AccountRecords.Stored s = stored(actor.username());
        if (currentPassword == null || !encoder.matches(currentPassword, s.passwordHash())) {
            throw new InvalidInputException("currentPassword", "wrong-password", "is not the current password");
        }
        Checks checks = new Checks();
        policy.check(checks, s.account().username(), newPassword, "newPassword")
                .require(newPassword == null || !newPassword.equals(currentPassword), "newPassword", "unchanged",
                        "must differ from the current password")
                .throwIfAny();
        return plainChange(actor, Action.ACCOUNT_PASSWORD_CHANGE, s, s.plain().withPasswordHash(encoder.encode(newPassword)).endingSessions());
    }

    /** A TOTP secret being enrolled: shown once, so the person can add it to an authenticator app. */
    public record TotpEnrolment(String secret, String uri) {
        @Override
        public String toString() {
            return "TotpEnrolment[***]";
        }
    }

    /** Starts enrolling a TOTP authenticator; it counts once a code from it is confirmed. */
    public TotpEnrolment beginTotpEnrolment(Actor actor) {
        AccountRecords.Stored s = stored(actor.username());
        SecretBytes secret = Totp.newSecret();
        String base32 = Totp.base32(secret);
        AccountRecords.Values current = audited.read(actor, Action.ACCOUNT_READ, List.of(target(s)), read -> records.open(s, read));
        AccountRecords.Values v = new AccountRecords.Values(current.plain(), current.totpSecret(), base32);
        audited.change(actor, Action.ACCOUNT_TOTP_ENROL, records.revision(s, v, clock.instant()));
        return new TotpEnrolment(base32, Totp.uri(ISSUER, s.account().username(), secret));
    }

    /** Confirms the authenticator being enrolled with one of its codes; it then replaces any earlier one. */
    public Account confirmTotp(Actor actor, String code) {
        AccountRecords.Stored s = stored(actor.username());
        AccountRecords.Values current = audited.read(actor, Action.ACCOUNT_READ, List.of(target(s)), read -> records.open(s, read));
        if (current.pendingTotpSecret() == null) {
            throw new InvalidInputException("code", "no-enrolment", "start enrolling an authenticator first");
        }
        long step = Totp.matchingStep(Totp.fromBase32(current.pendingTotpSecret()), code, clock.instant());
        if (step < 0 || !usedSteps.claim(s.account().username(), step)) {
            throw new InvalidInputException("code", "wrong-code", "is not the authenticator's current code");
        }
        AccountRecords.Values v = new AccountRecords.Values(current.plain().withEnrolmentPending(false),
                current.pendingTotpSecret(), null);
        audited.change(actor, Action.ACCOUNT_TOTP_ENROL, records.revision(s, v, clock.instant()));
        return find(actor.username()).orElseThrow();
    }

    /** Removes one's TOTP authenticator; refused unless a passkey remains as second factor. */
    public Account removeTotp(Actor actor, PasskeyStore passkeys) {
        AccountRecords.Stored s = stored(actor.username());
        if (passkeys.count(s.account().username()) == 0) {
            throw new InvalidInputException("totp", "last-second-factor", "register a passkey first: an account keeps a second factor");
        }
        AccountRecords.Values current = audited.read(actor, Action.ACCOUNT_READ, List.of(target(s)), read -> records.open(s, read));
        AccountRecords.Values v = new AccountRecords.Values(current.plain(), null, null);
        audited.change(actor, Action.ACCOUNT_TOTP_REMOVE, records.revision(s, v, clock.instant()));
        return find(actor.username()).orElseThrow();
    }

    /** A passkey now counts as the account's second factor: enrolment is done. */
    void secondFactorEnrolled(Actor actor, String username) {
        AccountRecords.Stored s = stored(username);
        if (s.account().enrolmentPending()) {
            plainChange(actor, Action.ACCOUNT_ENROLLED, s, s.plain().withEnrolmentPending(false));
        }
    }

    /**
     * Whether {@code code} is the account's current TOTP code and was not used before. The secret is sealed,
     * so the check is an audited read (the entry is written first, whatever the outcome).
     */
    boolean totpMatches(Actor actor, String username, String code) {
        AccountRecords.Stored s = stored(username);
        if (!s.account().totpEnrolled()) {
            return false;
        }
        String secret = audited.read(actor, Action.ACCOUNT_READ, List.of(target(s)), read -> records.open(s, read).totpSecret());
        long step = secret == null ? -1 : Totp.matchingStep(Totp.fromBase32(secret), code, clock.instant());
        return step >= 0 && usedSteps.claim(s.account().username(), step);
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private Account plainChange(Actor actor, Action action, AccountRecords.Stored s, AccountRecords.Plain plain) {
        audited.change(actor, action, records.plainRevision(s, plain, clock.instant()));
        return find(s.account().username()).orElseThrow();
    }

    private AccountRecords.Stored stored(String username) {
        return storedOrEmpty(username).orElseThrow(() -> new NotFoundException("account"));
    }

    private Optional<AccountRecords.Stored> storedOrEmpty(String username) {
        String name = normalise(username);
        return name == null || !USERNAME.matcher(name).matches() ? Optional.empty() : records.find(name);
    }

    private static Target target(AccountRecords.Stored s) {
        return new Target(AccountRecords.KIND.type(), s.account().username());
    }

    private static void requireRoles(Checks checks, Set<Role> roles) {
        checks.requirePresent(roles, "roles")
                .require(roles == null || roles.stream().allMatch(r -> r != null && r.assignable()), "roles", "assignable",
                        "must be among " + EnumSet.of(Role.ADMIN, Role.AUDITOR, Role.PROTECTION_OFFICER, Role.RAPPORTEUR));
    }

    private String randomPassword() {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            if (i > 0 && i % 6 == 0) {
                sb.append('-');
            }
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    static String normalise(String username) {
        return username == null ? null : username.strip().toLowerCase(Locale.ROOT);
    }
}

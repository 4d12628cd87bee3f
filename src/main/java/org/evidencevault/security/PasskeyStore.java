package org.evidencevault.security;

import com.mongodb.client.model.Filters;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.evidencevault.audit.Action;
import org.evidencevault.audit.Audited;
import org.evidencevault.common.Actor;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.records.RecordKind;
import org.evidencevault.records.RecordStores;
import org.evidencevault.records.SealedRecords;
import org.evidencevault.records.StoredRecord;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.web.webauthn.api.AuthenticatorTransport;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.stereotype.Component;

/**
 * Passkey credentials in the store, for Spring Security's relying party ({@code passkeys}, {@code _id} =
 * credential id, with the {@code attestationObject} sign-in rebuilds the credential from; the accounts'
 * WebAuthn user handles are {@link PasskeyUsers}).
 * Every change is a recorded change, so registrations, removals and each use are audit entries bound to
 * the log.
 *
 * <p>The signature counter is checked here, because Spring Security 7.0.6 does not: each use must present a
 * counter above the stored one (or both are 0, as synced passkeys send), so a cloned authenticator replaying
 * an old counter is refused; and each use is a new version of the credential record, so two logins with the
 * same counter cannot both pass even on two instances.
 */
@Component
public class PasskeyStore implements UserCredentialRepository {

    static final RecordKind CREDENTIALS = new RecordKind("passkey", "passkeys");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** A passkey as its owner sees it in a list. */
    public record Passkey(String id, String label, Instant createdAt, Instant lastUsedAt) {
    }

    private final PasskeyUsers users;
    private final SealedRecords credentials;
    private final Audited audited;
    private final AccountService accounts;
    private final Clock clock;

    PasskeyStore(RecordStores stores, PasskeyUsers users, Audited audited, AccountService accounts, Clock clock) {
        this.users = users;
        this.credentials = stores.of(CREDENTIALS).index("handle").index("username");
        this.audited = audited;
        this.accounts = accounts;
        this.clock = clock;
    }

    // ---- credentials ----------------------------------------------------------------------------------

    @Override
    public CredentialRecord findByCredentialId(Bytes credentialId) {
        return credentials.findTrusted(credentialId.toBase64UrlString()).filter(r -> !removed(r)).map(PasskeyStore::record).orElse(null);
    }

    @Override
    public List<CredentialRecord> findByUserId(Bytes userId) {
        return credentials.find(Filters.eq("handle", userId.toBase64UrlString()), new Document("_id", 1), 0, 100).stream()
                .filter(r -> !removed(r)).map(PasskeyStore::record).toList();
    }

    /**
     * A new credential (registration), or an existing one after a successful assertion (its counter and
     * last use). The counter must grow; a replay of an old counter fails the login.
     */
    @Override
    public void save(CredentialRecord c) {
        String id = c.getCredentialId().toBase64UrlString();
        StoredRecord existing = credentials.findTrusted(id).orElse(null);
        String username = usernameOf(c.getUserEntityUserId());
        if (existing == null) {
            Instant now = clock.instant();
            audited.change(actorFor(username), Action.PASSKEY_REGISTER,
                    credentials.plainCreation(id, credentials.compose(id, 1, null, now, now, plain(c, username), java.util.Map.of())));
            accounts.secondFactorEnrolled(actorFor(username), username);
            return;
        }
        if (removed(existing)) {
            throw new BadCredentialsException("this passkey was removed");
        }
        long stored = existing.document().get("signatureCount", Number.class).longValue();
        long presented = c.getSignatureCount();
        if ((presented > 0 || stored > 0) && presented <= stored) {
            throw new BadCredentialsException("the passkey's signature counter did not increase: it may be a clone");
        }
        long next = existing.version() + 1;
        Instant at = existing.header().revisedAt(clock.instant());
        Document doc = credentials.composeKeepingSealed(existing, next, at, plain(c, username));
        audited.change(actorFor(username), Action.PASSKEY_USE, credentials.revision(existing, next, dek -> doc));
    }

    @Override
    public void delete(Bytes credentialId) {
        StoredRecord r = credentials.findTrusted(credentialId.toBase64UrlString()).orElse(null);
        if (r != null && !removed(r)) {
            remove(actorFor(r.document().getString("username")), r);
        }
    }

    /** The passkeys of an account, for its owner. */
    public List<Passkey> list(String username) {
        return credentials.find(Filters.eq("username", AccountService.normalise(username)), new Document("_id", 1), 0, 100).stream()
                .filter(r -> !removed(r))
                .map(r -> new Passkey(r.id(), r.document().getString("label"), r.header().createdAt(),
                        r.document().getDate("lastUsed") == null ? null : r.document().getDate("lastUsed").toInstant()))
                .toList();
    }

    long count(String username) {
        return list(username).size();
    }

    /** Removes one of the actor's own passkeys. */
    public void remove(Actor actor, String credentialId) {
        StoredRecord r = credentials.findTrusted(credentialId).filter(x -> !removed(x))
                .filter(x -> actor.username().equals(x.document().getString("username")))
                .orElseThrow(() -> new NotFoundException("passkey"));
        remove(actor, r);
    }

    /** Removes every passkey of an account (a password reset). */
    void removeAll(Actor actor, String username) {
        for (StoredRecord r : credentials.find(Filters.eq("username", username), new Document("_id", 1), 0, 100)) {
            if (!removed(r)) {
                remove(actor, r);
            }
        }
    }

    private void remove(Actor actor, StoredRecord r) {
        long next = r.version() + 1;
        Instant now = r.header().revisedAt(clock.instant());
        Document plain = new Document(r.document());
        for (String header : List.of("_id", "version", "createdAt", "updatedAt")) {
            plain.remove(header);
        }
        plain.append("removedAt", Date.from(now));
        audited.change(actor, Action.PASSKEY_REMOVE, credentials.revision(r, next, dek -> credentials.composeKeepingSealed(r, next, now, plain)));
    }

    private static boolean removed(StoredRecord r) {
        return r.document().get("removedAt") != null;
    }

    private String usernameOf(Bytes handle) {
        String name = users.usernameOf(handle);
        if (name == null) {
            throw new BadCredentialsException("unknown passkey user");
        }
        return name;
    }

    private Actor actorFor(String username) {
        Account account = accounts.find(username).orElseThrow(() -> new BadCredentialsException("unknown account"));
        return new Actor(account.username(), account.roles().isEmpty() ? Set.of(org.evidencevault.common.Role.ANONYMOUS) : account.roles());
    }

    private static Document plain(CredentialRecord c, String username) {
        Document d = new Document("username", username)
                .append("handle", c.getUserEntityUserId().toBase64UrlString())
                .append("credentialType", c.getCredentialType() == null ? null : c.getCredentialType().getValue())
                .append("publicKey", B64.encodeToString(c.getPublicKey().getBytes()))
                .append("signatureCount", c.getSignatureCount())
                .append("uvInitialized", c.isUvInitialized())
                .append("transports", c.getTransports().stream().filter(t -> t != null).map(AuthenticatorTransport::getValue).sorted().toList())
                .append("backupEligible", c.isBackupEligible())
                .append("backupState", c.isBackupState())
                .append("attestationObject", c.getAttestationObject() == null ? null : c.getAttestationObject().toBase64UrlString())
                .append("attestationClientDataJSON",
                        c.getAttestationClientDataJSON() == null ? null : c.getAttestationClientDataJSON().toBase64UrlString())
                .append("label", c.getLabel())
                .append("lastUsed", c.getLastUsed() == null ? null : Date.from(c.getLastUsed()));
        return d;
    }

    private static CredentialRecord record(StoredRecord r) {
        Document d = r.document();
        Set<AuthenticatorTransport> transports = new LinkedHashSet<>();
        d.getList("transports", String.class, List.of()).forEach(t -> transports.add(AuthenticatorTransport.valueOf(t)));
        return ImmutableCredentialRecord.builder()
                .credentialType(d.getString("credentialType") == null ? null : PublicKeyCredentialType.valueOf(d.getString("credentialType")))
                .credentialId(Bytes.fromBase64(r.id()))
                .userEntityUserId(Bytes.fromBase64(d.getString("handle")))
                .publicKey(new ImmutablePublicKeyCose(B64D.decode(d.getString("publicKey"))))
                .signatureCount(d.get("signatureCount", Number.class).longValue())
                .uvInitialized(Boolean.TRUE.equals(d.getBoolean("uvInitialized")))
                .transports(transports)
                .backupEligible(Boolean.TRUE.equals(d.getBoolean("backupEligible")))
                .backupState(Boolean.TRUE.equals(d.getBoolean("backupState")))
                .attestationObject(d.getString("attestationObject") == null ? null : Bytes.fromBase64(d.getString("attestationObject")))
                .attestationClientDataJSON(d.getString("attestationClientDataJSON") == null ? null
                        : Bytes.fromBase64(d.getString("attestationClientDataJSON")))
                .created(r.header().createdAt())
                .lastUsed(d.getDate("lastUsed") == null ? r.header().createdAt() : d.getDate("lastUsed").toInstant())
                .label(d.getString("label") == null ? "passkey" : d.getString("label"))
                .build();
    }
}

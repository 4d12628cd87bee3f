package org.evidencevault.security;

import com.mongodb.client.model.Filters;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.bson.Document;
import org.evidencevault.audit.Action;
import org.evidencevault.audit.Audited;
import org.evidencevault.common.Actor;
import org.evidencevault.records.RecordKind;
import org.evidencevault.records.RecordStores;
import org.evidencevault.records.SealedRecords;
import org.evidencevault.records.StoredRecord;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.stereotype.Component;

/**
 * Each account's WebAuthn user handle ({@code passkey_users}, {@code _id} = username, the random handle
 * unique), made the first time the account registers a passkey and never changed; its creation is a
 * recorded change.
 */
@Component
class PasskeyUsers implements PublicKeyCredentialUserEntityRepository {

    static final RecordKind KIND = new RecordKind("passkey-user", "passkey_users");

    private final SealedRecords users;
    private final Audited audited;
    private final AccountService accounts;
    private final Clock clock;

    PasskeyUsers(RecordStores stores, Audited audited, AccountService accounts, Clock clock) {
        this.users = stores.of(KIND).uniqueIndex("passkey_user_handle", "handle");
        this.audited = audited;
        this.accounts = accounts;
        this.clock = clock;
    }

    @Override
    public PublicKeyCredentialUserEntity findById(Bytes id) {
        List<StoredRecord> found = users.find(Filters.eq("handle", id.toBase64UrlString()), new Document(), 0, 1);
        return found.isEmpty() ? null : entity(found.get(0));
    }

    @Override
    public PublicKeyCredentialUserEntity findByUsername(String username) {
        String name = AccountService.normalise(username);
        return name == null ? null : users.findTrusted(name).map(PasskeyUsers::entity).orElse(null);
    }

    @Override
    public void save(PublicKeyCredentialUserEntity entity) {
        String name = AccountService.normalise(entity.getName());
        if (users.exists(name)) {
            return;
        }
        Account account = accounts.find(name).orElseThrow(() -> new BadCredentialsException("unknown account"));
        Instant now = clock.instant();
        Document doc = users.compose(name, 1, null, now, now, new Document("handle", entity.getId().toBase64UrlString()), java.util.Map.of());
        audited.change(new Actor(account.username(), account.roles()), Action.PASSKEY_HANDLE, users.plainCreation(name, doc));
    }

    /** Handles are kept: an account's handle never changes; its passkeys are removed one by one. */
    @Override
    public void delete(Bytes id) {
        // nothing to do
    }

    String usernameOf(Bytes handle) {
        List<StoredRecord> found = users.find(Filters.eq("handle", handle.toBase64UrlString()), new Document(), 0, 1);
        return found.isEmpty() ? null : found.get(0).id();
    }

    private static PublicKeyCredentialUserEntity entity(StoredRecord r) {
        return ImmutablePublicKeyCredentialUserEntity.builder().name(r.id()).displayName(r.id())
                .id(Bytes.fromBase64(r.document().getString("handle"))).build();
    }
}

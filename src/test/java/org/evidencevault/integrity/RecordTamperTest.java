package org.evidencevault.integrity;

import org.evidencevault.security.PasskeyStore;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.evidencevault.integrity.TamperedVault.as;
import static org.evidencevault.integrity.TamperedVault.bearer;
import static org.evidencevault.integrity.TamperedVault.officer;
import static org.evidencevault.integrity.TamperedVault.rapporteur;

import com.mongodb.client.model.Filters;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.bson.Document;
import org.evidencevault.audit.IntegrityAlarms;
import org.evidencevault.crypto.Totp;
import org.evidencevault.incidents.Incident;
import org.evidencevault.incidents.IncidentStatus;
import org.evidencevault.security.DemoAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Records changed behind the vault's back, one thing at a time, through the wire: a plain field of an
 * incident, a letter's date, a record rolled back to an older version or deleted, an account inserted with a
 * copied password hash and every role, an officer's roles raised, a token document inserted. Each starts
 * from a store the sweep finds clean and changes one thing; the vault must withhold that record (never serve
 * it as good), keep serving every other, report it naming the record, refuse changes until an operator
 * acknowledges, and serve it again once the store is put back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordTamperTest {

    private TamperedVault vault;
    private Incident bystander;
    /** A token of the demo officer, obtained once with both factors (codes are single-use per 30-second step). */
    private String officerToken;

    @BeforeAll
    void start() {
        // every change here is applied before the next step: a record behind its newest recorded version is rolled back
        vault = TamperedVault.fresh("record-tamper", "--vault.integrity.rollback-grace=0s").start();
        bystander = vault.incident("Bystander");
        officerToken = token(DemoAccounts.OFFICER, DemoAccounts.OFFICER_PASSWORD, DemoAccounts.OFFICER_TOTP);
        vault.checkpoint();
    }

    @AfterAll
    void stop() {
        vault.close();
    }

    @BeforeEach
    void clean() {
        vault.expectClean();
        assertThat(vault.get("/api/v1/auth/whoami", bearer(officerToken)).status()).isEqualTo(200);
    }

    /** One plain (unencrypted) field of a stored incident, changed to another well-formed value. */
    enum PlainField {
        STATUS(d -> d.put("status", "CONFIRMED_INFECTION")),
        VERSION(d -> d.put("version", 7L)),
        DEFENDER_IDS(d -> d.put("defenderIds", List.of())),
        SPYWARE(d -> d.put("spyware", "PREDATOR")),
        UPDATED_AT(d -> d.put("updatedAt", Date.from(Instant.parse("2020-01-01T00:00:00Z")))),
        EXTRA_FIELD(d -> d.put("sharedWith", List.of("everyone")));

        final Consumer<Document> edit;

        PlainField(Consumer<Document> edit) {
            this.edit = edit;
        }
    }

    @ParameterizedTest
    @EnumSource(PlainField.class)
    void anIncidentWithOnePlainFieldChangedIsWithheld(PlainField field) {
        Incident x = vault.incident("Plain " + field);
        Document original = vault.stored("incidents", id(x));
        Document edited = new Document(original);
        field.edit.accept(edited);
        assertThat(edited).isNotEqualTo(original);

        vault.putRecord("incidents", edited);

        recordTamperingIsFound("incidents", x, () -> vault.putRecord("incidents", original));
    }

    @Test
    void anIncidentRolledBackToItsPreviousVersionIsWithheld() {
        Incident x = vault.incident("Rolled back");
        Document v1 = vault.stored("incidents", id(x));
        vault.revise(x, IncidentStatus.INCONCLUSIVE);
        Document v2 = vault.stored("incidents", id(x));

        vault.putRecord("incidents", v1);

        recordTamperingIsFound("incidents", x, () -> vault.putRecord("incidents", v2));
    }

    /** A change on top of a rolled-back record (the version now stored) is refused, and nothing is written. */
    @Test
    void aChangeOnTopOfARolledBackIncidentIsRefused() {
        Incident x = vault.incident("Rolled back, then revised");
        Document v1 = vault.stored("incidents", id(x));
        vault.revise(x, IncidentStatus.INCONCLUSIVE);
        Document v2 = vault.stored("incidents", id(x));
        vault.putRecord("incidents", v1);
        long entries = vault.tailSeq();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> vault.bean(org.evidencevault.incidents.IncidentService.class)
                        .revise(TamperedVault.SYSTEM, x.id(), 1, x.details()))
                .isInstanceOf(org.evidencevault.common.RecordIntegrityException.class);

        assertThat(vault.stored("incidents", id(x))).as("still the rolled-back copy, nothing on top").isEqualTo(v1);
        assertThat(vault.log().countDocuments(Filters.eq("claim", "incident/" + id(x) + "@3"))).isZero();
        assertThat(vault.tailSeq()).as("no change recorded (only the alarm)").isLessThanOrEqualTo(entries + 1);
        vault.expectRecordAlarm("incidents/" + id(x), vault.seqOf("incident", id(x), 2));
        vault.putRecord("incidents", v2);
        vault.acknowledge();
        vault.expectServed(path(x), officer());
    }

    @Test
    void aDeletedIncidentIsReportedMissing() {
        Incident x = vault.incident("Deleted record");
        Document original = vault.stored("incidents", id(x));

        vault.collection("incidents").deleteOne(Filters.eq("_id", id(x)));

        vault.sweepPass();
        vault.expectRecordAlarm("incidents/" + id(x), vault.seqOf("incident", id(x), 1));
        vault.expectChangesHalted();
        vault.expectServed(path(bystander), officer());
        vault.putRecord("incidents", original);
        vault.acknowledge();
        vault.expectServed(path(x), officer());
    }

    @Test
    void anIncidentWhoseDataKeyWasSwappedForAnotherRecordsIsWithheldAndReported() {
        Incident x = vault.incident("Swapped data key");
        String dek = vault.stored("incidents", id(x)).getString("dek");
        String other = vault.stored("incidents", id(bystander)).getString("dek");
        Document original = vault.stored("data_keys", dek);
        Document swapped = new Document(vault.stored("data_keys", other)).append("_id", dek);

        vault.putRecord("data_keys", swapped);
        vault.restart(); // the genuine key may still be in memory: a new process reads the stored one
        try {
            // the wrapped key is bound to its id (associated data): another record's key does not open here
            vault.expectWithheld(path(x), id(x), officer());
            vault.expectRecordAlarm("incidents/" + id(x), null);
            TamperedVault.Reply list = vault.get("/api/v1/incidents?size=100", officer());
            assertThat(list.status()).as("one bad record breaks no list: %s", list.raw()).isEqualTo(200);
            assertThat(TamperedVault.ids(list.json())).doesNotContain(id(x)).contains(id(bystander));
            vault.expectServed(path(bystander), officer());
            vault.expectChangesHalted();
        } finally {
            vault.putRecord("data_keys", original);
            vault.restart();
            if (!vault.alarms().isEmpty()) {
                vault.acknowledge();
            }
        }
        vault.expectServed(path(x), officer());
    }

    @Test
    void aDeletedDataKeyIsRestoredFromTheLogAtStart() {
        Incident x = vault.incident("Deleted data key");
        String dek = vault.stored("incidents", id(x)).getString("dek");
        Document original = vault.stored("data_keys", dek);

        vault.collection("data_keys").deleteOne(Filters.eq("_id", dek));
        vault.restart();

        // the change that created the incident carries its wrapped key; repair re-applies what the log commits to
        assertThat(vault.stored("data_keys", dek)).isEqualTo(original);
        vault.expectServed(path(x), officer());
    }

    @Test
    void aLetterWithItsDateMovedIsWithheldAndLeftOutOfLists() {
        Document letter = vault.collection("communications").find().first();
        assertThat(letter).as("the demo seed's letter").isNotNull();
        String id = letter.getString("_id");
        String letterPath = "/api/v1/communications/" + id;
        vault.expectServed(letterPath, rapporteur());
        Document moved = new Document(letter).append("sentOn", "2023-01-01");
        assertThat(moved.getString("sentOn")).isNotEqualTo(letter.getString("sentOn"));

        vault.putRecord("communications", moved);

        vault.expectWithheld(letterPath, id, rapporteur());
        TamperedVault.Reply list = vault.get("/api/v1/communications", rapporteur());
        assertThat(list.status()).isEqualTo(200);
        assertThat(TamperedVault.ids(list.json())).doesNotContain(id);
        vault.expectRecordAlarm("communications/" + id, null);
        vault.expectChangesHalted();
        vault.putRecord("communications", letter);
        vault.acknowledge();
        vault.expectServed(letterPath, rapporteur());
    }

    // ---- accounts and tokens ------------------------------------------------------------------------------

    @Test
    void anInsertedAccountWithACopiedPasswordHashAndEveryRoleCannotLogIn() {
        Document officerAccount = vault.stored("accounts", DemoAccounts.OFFICER);
        Document mallory = new Document(officerAccount).append("_id", "mallory")
                .append("roles", List.of("ADMIN", "AUDITOR", "PROTECTION_OFFICER", "RAPPORTEUR"));

        vault.putRecord("accounts", mallory);

        TamperedVault.Reply login = tokenReply("mallory", DemoAccounts.OFFICER_PASSWORD, DemoAccounts.OFFICER_TOTP);
        assertThat(login.status()).as("login of an account no entry recorded: %s", login.raw()).isEqualTo(401);
        assertThat(login.raw()).doesNotContain("token\":");
        vault.sweepPass();
        vault.expectRecordAlarm("accounts/mallory", null);
        vault.collection("accounts").deleteOne(Filters.eq("_id", "mallory"));
        vault.acknowledge();
    }

    @Test
    void anOfficerWhoseRolesWereRaisedInTheStoreIsRefusedNotPromoted() {
        Document original = vault.stored("accounts", DemoAccounts.OFFICER);
        Document raised = new Document(original).append("roles", List.of("ADMIN", "PROTECTION_OFFICER"));

        vault.putRecord("accounts", raised);

        assertThat(vault.get("/api/v1/admin/accounts", bearer(officerToken)).status()).as("an admin list").isEqualTo(401);
        assertThat(vault.get("/api/v1/auth/whoami", bearer(officerToken)).status()).isEqualTo(401);
        vault.sweepPass();
        vault.expectRecordAlarm("accounts/" + DemoAccounts.OFFICER, vault.seqOf("account", DemoAccounts.OFFICER, 1));
        vault.putRecord("accounts", original);
        vault.acknowledge();
        assertThat(vault.get("/api/v1/auth/whoami", bearer(officerToken)).status()).isEqualTo(200);
    }

    @Test
    void aTokenDocumentInsertedForAnExistingUserIsRefused() {
        Document genuine = vault.collection("api_tokens").find().first();
        assertThat(genuine).as("the officer's token").isNotNull();
        String forgedToken = "A".repeat(43);
        Document forged = new Document(genuine).append("_id", "f".repeat(32))
                .append("secretHash", org.evidencevault.crypto.Digests.sha256Hex(forgedToken));

        vault.putRecord("api_tokens", forged);

        assertThat(vault.get("/api/v1/auth/whoami", bearer(forgedToken)).status()).isEqualTo(401);
        assertThat(vault.get(path(bystander), bearer(forgedToken)).status()).isEqualTo(401);
        vault.sweepPass();
        vault.expectRecordAlarm("api_tokens/" + "f".repeat(32), null);
        vault.collection("api_tokens").deleteOne(Filters.eq("_id", "f".repeat(32)));
        vault.acknowledge();
    }

    /**
     * The attack a phished password needs next: a passkey of the attacker's own accepted as the officer's. A passkey
     * whose public key was replaced in the store, or one inserted for the officer, is not found by the look-ups the
     * passkey login uses (so no assertion can match it), and the sweep reports both.
     */
    @Test
    void aPasskeyWithItsPublicKeyReplacedOrOneInsertedInTheStoreIsNeverUsedAndIsReported() {
        PublicKeyCredentialUserEntityRepository users = vault.bean(PublicKeyCredentialUserEntityRepository.class);
        PasskeyStore passkeys = vault.bean(PasskeyStore.class);
        users.save(ImmutablePublicKeyCredentialUserEntity.builder().name(DemoAccounts.OFFICER).displayName(DemoAccounts.OFFICER)
                .id(Bytes.random()).build());
        PublicKeyCredentialUserEntity officer = users.findByUsername(DemoAccounts.OFFICER);
        Bytes credentialId = Bytes.random();
        passkeys.save(ImmutableCredentialRecord.builder().credentialId(credentialId).userEntityUserId(officer.getId())
                .publicKey(new ImmutablePublicKeyCose(new byte[] {1, 2, 3, 4})).signatureCount(0).uvInitialized(true)
                .transports(java.util.Set.of()).backupEligible(false).backupState(false).label("officer's key").build());
        String id = credentialId.toBase64UrlString();
        assertThat(passkeys.findByCredentialId(credentialId)).as("the genuine passkey").isNotNull();
        Document genuine = vault.collection("passkeys").find(Filters.eq("_id", id)).first();
        String attackerKey = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {9, 9, 9, 9});
        Bytes insertedId = Bytes.random();
        try {
            vault.putRecord("passkeys", new Document(genuine).append("publicKey", attackerKey));
            vault.putRecord("passkeys", new Document(genuine).append("_id", insertedId.toBase64UrlString()).append("publicKey", attackerKey));

            assertThat(passkeys.findByCredentialId(credentialId)).as("the replaced key").isNull();
            assertThat(passkeys.findByCredentialId(insertedId)).as("the inserted passkey").isNull();
            assertThat(passkeys.findByUserId(officer.getId())).as("the officer's passkeys, as a login lists them").isEmpty();
            vault.sweepPass();
            vault.expectRecordAlarm("passkeys/" + id, null);
            vault.expectRecordAlarm("passkeys/" + insertedId.toBase64UrlString(), null);
        } finally {
            vault.putRecord("passkeys", genuine);
            vault.collection("passkeys").deleteOne(Filters.eq("_id", insertedId.toBase64UrlString()));
            vault.acknowledge();
        }
        assertThat(passkeys.findByCredentialId(credentialId)).as("put back").isNotNull();
    }

    // ---- the shared verdict -------------------------------------------------------------------------------

    /**
     * The record {@code x} was tampered with: its single read is withheld (500 record-integrity naming it, on
     * the first read and at every later one), the list leaves it out and still shows the others, the sweep
     * reports it naming the entry that recorded it, changes stop while reads of other records go on; once the
     * store is put back and the operator acknowledges, it is served again.
     */
    private void recordTamperingIsFound(String collection, Incident x, Runnable restore) {
        try {
            vault.expectWithheld(path(x), id(x), officer());
            vault.expectWithheld(path(x), id(x), officer());
            vault.expectRecordAlarm(collection + "/" + id(x), null);
            TamperedVault.Reply list = vault.get("/api/v1/incidents?size=100", officer());
            assertThat(list.status()).as("list: %s", list.raw()).isEqualTo(200);
            assertThat(TamperedVault.ids(list.json())).doesNotContain(id(x)).contains(id(bystander));
            vault.expectServed(path(bystander), officer());
            vault.expectChangesHalted();
            vault.sweepPass();
            assertThat(vault.alarms()).anyMatch(a -> a.scope() == IntegrityAlarms.Scope.RECORD
                    && a.subject().equals(collection + "/" + id(x)) && a.seq() != null);
        } finally {
            restore.run();
            if (!vault.alarms().isEmpty()) {
                vault.acknowledge();
            }
        }
        vault.expectServed(path(x), officer());
    }

    private String token(String username, String password, String totp) {
        TamperedVault.Reply r = tokenReply(username, password, totp);
        assertThat(r.status()).as("token: %s", r.raw()).isEqualTo(200);
        return r.json().path("token").asString();
    }

    private TamperedVault.Reply tokenReply(String username, String password, String totp) {
        String code = Totp.code(Totp.fromBase32(totp), Instant.now());
        return vault.postJson("/api/v1/auth/token", "{\"username\":\"" + username + "\",\"password\":\"" + password
                + "\",\"code\":\"" + code + "\",\"scope\":\"READ_WRITE\"}", vault.fromNewAddress());
    }

    private static String id(Incident i) {
        return i.id().value();
    }

    private static String path(Incident i) {
        return "/api/v1/incidents/" + i.id().value();
    }
}

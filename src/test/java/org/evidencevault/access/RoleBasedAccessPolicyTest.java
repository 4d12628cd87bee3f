package org.evidencevault.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.evidencevault.common.Actor;
import org.evidencevault.common.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.security.access.AccessDeniedException;

class RoleBasedAccessPolicyTest {

    private final RoleBasedAccessPolicy policy = new RoleBasedAccessPolicy(AccessProperties.defaults());

    private static Actor actor(Role... roles) {
        return new Actor("someone", Set.of(roles));
    }

    private void allowed(Role role, Permission... permissions) {
        for (Permission p : permissions) {
            assertThatCode(() -> policy.require(actor(role), p)).as(role + " " + p).doesNotThrowAnyException();
        }
    }

    private void denied(Role role, Permission... permissions) {
        for (Permission p : permissions) {
            assertThatThrownBy(() -> policy.require(actor(role), p)).as(role + " " + p)
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining(p.name());
        }
    }

    @Test
    void protectionOfficer() {
        allowed(Role.PROTECTION_OFFICER, Permission.INCIDENT_READ, Permission.INCIDENT_WRITE,
                Permission.DEFENDER_READ, Permission.DEFENDER_WRITE, Permission.DEFENDER_ERASE,
                Permission.ORGANISATION_READ, Permission.ORGANISATION_WRITE, Permission.COMMUNICATION_READ,
                Permission.EVIDENCE_READ, Permission.EVIDENCE_WRITE);
        denied(Role.PROTECTION_OFFICER, Permission.COMMUNICATION_WRITE, Permission.AUDIT_READ, Permission.KEYS_ADMIN);
    }

    @Test
    void rapporteur() {
        allowed(Role.RAPPORTEUR, Permission.INCIDENT_READ, Permission.DEFENDER_READ, Permission.ORGANISATION_READ,
                Permission.COMMUNICATION_READ, Permission.COMMUNICATION_WRITE, Permission.EVIDENCE_READ);
        denied(Role.RAPPORTEUR, Permission.INCIDENT_WRITE, Permission.DEFENDER_WRITE, Permission.DEFENDER_ERASE, Permission.EVIDENCE_WRITE,
                Permission.ORGANISATION_WRITE, Permission.AUDIT_READ, Permission.KEYS_ADMIN);
    }

    @Test
    void auditorReadsTheAuditLogOnly() {
        allowed(Role.AUDITOR, Permission.AUDIT_READ);
        EnumSet<Permission> others = EnumSet.complementOf(EnumSet.of(Permission.AUDIT_READ));
        denied(Role.AUDITOR, others.toArray(Permission[]::new));
    }

    @Test
    void admin() {
        allowed(Role.ADMIN, Permission.KEYS_ADMIN, Permission.ACCOUNTS_ADMIN, Permission.INTEGRITY_ADMIN);
        // no decrypted field (organisation names included), no erasure
        denied(Role.ADMIN, Permission.INCIDENT_READ, Permission.DEFENDER_READ, Permission.AUDIT_READ,
                Permission.COMMUNICATION_READ, Permission.ORGANISATION_WRITE, Permission.ORGANISATION_READ, Permission.DEFENDER_ERASE);
    }

    @ParameterizedTest
    @EnumSource(Permission.class)
    void systemMayDoEverything(Permission permission) {
        assertThatCode(() -> policy.require(Actor.SYSTEM, permission)).doesNotThrowAnyException();
    }

    @Test
    void rolesAddUp() {
        Actor both = actor(Role.AUDITOR, Role.RAPPORTEUR);
        assertThatCode(() -> policy.require(both, Permission.AUDIT_READ)).doesNotThrowAnyException();
        assertThatCode(() -> policy.require(both, Permission.COMMUNICATION_WRITE)).doesNotThrowAnyException();
        assertThatThrownBy(() -> policy.require(both, Permission.KEYS_ADMIN)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void noRoleNoPermissionAndTheMessageNamesOnlyThePermission() {
        assertThatThrownBy(() -> policy.require(new Actor("secret-name", Set.of()), Permission.INCIDENT_READ))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("permission INCIDENT_READ required");
        assertThatThrownBy(() -> policy.require(null, Permission.INCIDENT_READ))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(policy.allows(actor(Role.ADMIN), Permission.KEYS_ADMIN)).isTrue();
    }
}

package org.evidencevault.incidents.web;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.evidencevault.common.Checks;
import org.evidencevault.incidents.Consent;
import org.evidencevault.incidents.Defender;
import org.evidencevault.incidents.DefenderProfile;
import org.evidencevault.incidents.Organisation;
import org.evidencevault.incidents.OrganisationId;

/** Request and response bodies of the defender and organisation APIs, mapped explicitly. */
final class DefenderJson {

    private DefenderJson() {
    }

    record ConsentJson(Consent.Purpose purpose, LocalDate grantedOn, LocalDate withdrawnOn, String note) {
    }

    /** {@code team}: the case team of a new defender (optional when the officer has one team; ignored on revision). */
    record DefenderRequest(String fullName, String organisationId, String role, String country, String contact,
                           List<ConsentJson> consents, String team) {
    }

    record DefenderResponse(String id, long version, String team, String fullName, String organisationId, String role, String country,
                            String contact, List<ConsentJson> consents, Instant createdAt, Instant updatedAt) {
    }

    record ErasureResponse(String id, Instant erasedAt) {
    }

    record OrganisationRequest(String name, String acronym, String country, Organisation.Type type) {
    }

    record OrganisationResponse(String id, long version, String name, String acronym, String country, Organisation.Type type,
                                Instant createdAt, Instant updatedAt) {
    }

    /**
     * {@code POST /api/v1/defenders/search}: exactly one of {@code name} or {@code organisation} (checked by
     * the service); {@code page} 0 and {@code size} 20 when absent or null, as for a {@code GET}'s paging.
     */
    record DefenderSearch(String name, String organisation, Integer page, Integer size) {
        DefenderSearch {
            page = Objects.requireNonNullElse(page, 0);
            size = Objects.requireNonNullElse(size, 20);
        }
    }

    /** {@code POST /api/v1/organisations/search}: {@code name} (name or acronym) is required; paging as above. */
    record OrganisationSearch(String name, Integer page, Integer size) {
        OrganisationSearch {
            page = Objects.requireNonNullElse(page, 0);
            size = Objects.requireNonNullElse(size, 20);
        }
    }

    static DefenderProfile toDomain(DefenderRequest r) {
        Checks checks = new Checks();
        List<Consent> consents = r.consents() == null ? null : java.util.stream.IntStream.range(0, r.consents().size())
                .mapToObj(i -> checks.nested("consents[" + i + "]", () -> consent(r.consents().get(i))))
                .toList();
        return checks.build(() -> new DefenderProfile(r.fullName(), OrganisationId.ofNullable(r.organisationId()), r.role(),
                r.country(), r.contact(), consents));
    }

    static DefenderResponse of(Defender d) {
        DefenderProfile p = d.profile();
        return new DefenderResponse(d.id().value(), d.version(), d.team(), p.fullName(),
                p.organisationId() == null ? null : p.organisationId().value(), p.role(), p.country(), p.contact(),
                p.consents().stream().map(c -> new ConsentJson(c.purpose(), c.grantedOn(), c.withdrawnOn(), c.note())).toList(),
                d.createdAt(), d.updatedAt());
    }

    static Organisation.Details toDomain(OrganisationRequest r) {
        return new Organisation.Details(r.name(), r.acronym(), r.country(), r.type());
    }

    static OrganisationResponse of(Organisation o) {
        Organisation.Details x = o.details();
        return new OrganisationResponse(o.id().value(), o.version(), x.name(), x.acronym(), x.country(), x.type(),
                o.createdAt(), o.updatedAt());
    }

    private static Consent consent(ConsentJson c) {
        return c == null ? null : new Consent(c.purpose(), c.grantedOn(), c.withdrawnOn(), c.note());
    }
}

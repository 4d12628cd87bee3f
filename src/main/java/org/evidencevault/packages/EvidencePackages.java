package org.evidencevault.packages;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.evidencevault.access.AccessPolicy;
import org.evidencevault.access.Permission;
import org.evidencevault.approvals.ApprovableAct;
import org.evidencevault.approvals.Approval;
import org.evidencevault.approvals.ApprovalId;
import org.evidencevault.approvals.ApprovalService;
import org.evidencevault.audit.Action;
import org.evidencevault.audit.Audited;
import org.evidencevault.audit.Custody;
import org.evidencevault.audit.Target;
import org.evidencevault.bag.BagWriter;
import org.evidencevault.common.Actor;
import org.evidencevault.common.NotFoundException;
import org.evidencevault.common.StaleVersionException;
import org.evidencevault.communications.Communication;
import org.evidencevault.communications.CommunicationQueries;
import org.evidencevault.evidence.EvidenceItem;
import org.evidencevault.evidence.EvidenceService;
import org.evidencevault.incidents.Defender;
import org.evidencevault.incidents.DefenderId;
import org.evidencevault.incidents.DefenderService;
import org.evidencevault.incidents.Incident;
import org.evidencevault.incidents.IncidentId;
import org.evidencevault.incidents.IncidentService;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds an incident's evidence package (BagIt, RFC 8493, one zip, streamed): {@code data/items/<id>/<file>} the
 * complete evidence items byte for byte, decrypted as they are written and checked against the SHA-256 recorded at
 * intake (the ORIGINAL variant: every item; PUBLIC: only the sanitised copies, under their ids, and the incident
 * without the name of any defender who has not consented to be named publicly); {@code metadata/} the incident, the
 * letters citing it, each item and the tools that made them; {@code custody/<id>.json} each item's (and the
 * incident's) audit bundle at one checkpoint made for the package, cosigned and time-stamped where witnesses and TSAs
 * are configured; {@code custody/<id>.changes.json} the stored changes those entries commit to; and
 * {@code HowToVerify-es.txt}, {@code -en}, {@code -fr}.
 *
 * <p>Asked for by one officer of the incident's team ({@link #requestExport}), granted by a second, exported by the
 * first under the approval with a passkey confirmation. The export is recorded before the first byte, naming the
 * incident and every item it carries, so it is in each item's custody history, as each item's download is.
 */
@Service
public class EvidencePackages {

    public enum Variant {
        ORIGINAL, PUBLIC;

        /** {@code original} (also when none is given) or {@code public}; anything else is a 422 naming {@code variant}. */
        public static Variant parse(String v) {
            if (v == null || v.equals("original")) {
                return ORIGINAL;
            }
            if (v.equals("public")) {
                return PUBLIC;
            }
            throw new org.evidencevault.common.InvalidInputException("variant", "one-of", "must be original or public");
        }
    }

    private final IncidentService incidents;
    private final DefenderService defenders;
    private final EvidenceService evidence;
    private final CommunicationQueries letters;
    private final ApprovalService approvals;
    private final AccessPolicy access;
    private final Audited audited;
    private final Custody custody;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    EvidencePackages(IncidentService incidents, DefenderService defenders, EvidenceService evidence, CommunicationQueries letters,
                     ApprovalService approvals, AccessPolicy access, Audited audited, Custody custody, Clock clock) {
        this.incidents = incidents;
        this.defenders = defenders;
        this.evidence = evidence;
        this.letters = letters;
        this.approvals = approvals;
        this.access = access;
        this.audited = audited;
        this.custody = custody;
        this.clock = clock;
    }

    /** Asks a second officer of the team to approve exporting this variant of the incident at its current version. */
    public Approval requestExport(Actor actor, IncidentId id, long expectedVersion, Variant variant, String reason) {
        Incident incident = exportable(actor, id, expectedVersion);
        return approvals.request(actor, ApprovableAct.PACKAGE_EXPORT, subject(incident, variant), incident.team(), reason);
    }

    /** A package ready to be written: every check passed, the approval used and the export recorded. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Checks and records the export of the package, under a granted approval of exactly this (incident, version,
     * variant), before anything is written: a refusal is an answer of its own, never half a zip. The writer then writes
     * the zip; a failure while writing (a file whose stored bytes no longer verify) cuts it short.
     */
    public Writer export(Actor actor, IncidentId id, long expectedVersion, Variant variant, ApprovalId approval) {
        access.require(actor, Permission.EVIDENCE_WRITE);
        access.require(actor, Permission.EVIDENCE_READ);
        access.requireRecentPasskey(actor, clock.instant());
        Incident incident = exportable(actor, id, expectedVersion);
        approvals.use(actor, approval, ApprovableAct.PACKAGE_EXPORT, subject(incident, variant));
        List<EvidenceItem> items = evidence.ofIncident(actor, id).stream()
                .filter(i -> i.status() == EvidenceItem.Status.COMPLETE)
                // the originals, or for the public version only the sanitised copies: never both, never an original in public
                .filter(i -> variant == Variant.ORIGINAL ? i.derivedFrom() == null : i.derivedFrom() != null).toList();
        // what the package says about the incident and its items is made now, and its digest goes into the export's
        // signed entry: the log then proves the metadata as it proves the files
        Map<String, byte[]> metadata = metadata(actor, incident, variant, items);
        List<Target> targets = new ArrayList<>();
        targets.add(new Target("incident", id.value()));
        items.forEach(i -> targets.add(new Target("evidence", i.id().value())));
        targets.add(new Target(CONTENTS_TARGET, contentsDigest(metadata)));
        long exportSeq = audited.record(actor, Action.PACKAGE_EXPORT, targets);
        return out -> write(actor, incident, variant, items, metadata, exportSeq, out);
    }

    /** The target type of the export entry that carries the digest of the package's metadata files. */
    public static final String CONTENTS_TARGET = "package-contents";

    /**
     * {@code sha256:} and the hex SHA-256 of one line {@code <hex SHA-256>  <path>} per metadata file, sorted by path:
     * the digest the export entry carries and {@code verify-package} recomputes from the bag.
     */
    public static String contentsDigest(Map<String, byte[]> files) {
        StringBuilder lines = new StringBuilder();
        new java.util.TreeMap<>(files).forEach((path, bytes) -> lines.append(java.util.HexFormat.of().formatHex(org.evidencevault.crypto.Digests.sha256(bytes)))
                .append("  ").append(path).append('\n'));
        return "sha256:" + java.util.HexFormat.of().formatHex(org.evidencevault.crypto.Digests.sha256(lines.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The metadata files the export entry commits to: the incident, the letters, the tools, each item. */
    private Map<String, byte[]> metadata(Actor actor, Incident incident, Variant variant, List<EvidenceItem> items) {
        Map<String, byte[]> files = new java.util.TreeMap<>();
        ArrayNode tools = json.createArrayNode();
        for (EvidenceItem item : items) {
            String payload = "data/items/" + item.id().value() + "/" + fileName(item, variant);
            files.put("metadata/items/" + item.id().value() + ".json", bytes(itemMetadata(item, variant, payload,
                    new BagWriter.Digests(item.details().size(), item.sha256(), item.sha512()))));
            if (item.details().tool() != null) {
                tools.addObject().put("item", item.id().value()).put("kind", item.details().kind().name())
                        .put("tool", item.details().tool()).put("toolVersion", item.details().toolVersion());
            }
        }
        files.put("metadata/incident.json", bytes(incidentJson(actor, incident, variant)));
        files.put("metadata/letters.json", bytes(lettersJson(actor, incident, variant)));
        ObjectNode toolVersions = json.createObjectNode().put("vault", vaultVersion());
        toolVersions.set("tools", tools);
        toolVersions.set("iocSets", iocSets(items, variant));
        files.put("metadata/tool-versions.json", bytes(toolVersions));
        return files;
    }

    /** The zip's file name: the incident's id and the variant, never its title. */
    public static String fileName(IncidentId id, Variant variant) {
        return bagName(id, variant) + ".zip";
    }

    private static String bagName(IncidentId id, Variant variant) {
        return "evidence-package-" + id.value().substring(0, Math.min(8, id.value().length())) + "-"
                + variant.name().toLowerCase(java.util.Locale.ROOT);
    }

    private void write(Actor actor, Incident incident, Variant variant, List<EvidenceItem> items, Map<String, byte[]> metadata,
                       long exportSeq, OutputStream out) throws IOException {
        String bagName = bagName(incident.id(), variant);
        try (BagWriter bag = BagWriter.open(out, bagName)) {
            ArrayNode itemList = json.createArrayNode();
            for (EvidenceItem item : items) {
                String path = "items/" + item.id().value() + "/" + fileName(item, variant);
                EvidenceService.Download download = evidence.download(actor, item.id());
                BagWriter.Digests digests = bag.addPayload(path, download.body()::writeTo);
                if (!digests.sha256().equals(item.sha256()) || !digests.sha512().equals(item.sha512())) {
                    throw new IllegalStateException("evidence " + item.id().value() + ": the bytes written are not the ones recorded");
                }
                itemList.add(item.id().value());
            }
            for (Map.Entry<String, byte[]> file : metadata.entrySet()) {
                bag.addTagFile(file.getKey(), file.getValue());
            }
            // one checkpoint for the whole package, after its own entries, witnessed and time-stamped now
            long size = custody.checkpointForPackage();
            for (EvidenceItem item : items) {
                bag.addTagFile("custody/" + item.id().value() + ".json", bundle(item.id().value(), size));
                if (variant == Variant.ORIGINAL) {
                    // the stored change that recorded the bytes (a revision: no data key in it), never a creation, whose
                    // change holds the item's wrapped data key; and none in the public version, whose sealed fields
                    // (copied from the original) must not leave the vault even as ciphertext
                    bag.addTagFile("custody/" + item.id().value() + ".changes.json", changes(item.id().value(), size));
                }
            }
            bag.addTagFile("custody/incident.json", bundle(incident.id().value(), size));
            ObjectNode index = json.createObjectNode().put("format", "evidence-vault-package/1").put("incident", incident.id().value())
                    .put("incidentVersion", incident.version()).put("variant", variant.name()).put("checkpointSize", size)
                    .put("exportSeq", exportSeq)
                    .put("exportedBy", actor.username()).put("exportedAt", clock.instant().toString());
            index.set("items", itemList);
            bag.addTagFile("metadata/package.json", bytes(index));
            for (String lang : List.of("es", "en", "fr")) {
                bag.addTagFile("HowToVerify-" + lang + ".txt", HowToVerify.text(lang, bagName).getBytes(StandardCharsets.UTF_8));
            }
            List<Map.Entry<String, String>> info = new ArrayList<>();
            info.add(Map.entry("Source-Organization", "Evidence Vault"));
            info.add(Map.entry("External-Identifier", incident.id().value()));
            info.add(Map.entry("External-Description", "Evidence package of one incident (" + variant.name().toLowerCase(java.util.Locale.ROOT)
                    + " version): see HowToVerify-en.txt, -es.txt, -fr.txt"));
            info.add(Map.entry("Bagging-Date", LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString()));
            bag.finish(info);
        }
    }

    private Incident exportable(Actor actor, IncidentId id, long expectedVersion) {
        access.require(actor, Permission.EVIDENCE_WRITE);
        Incident incident = incidents.get(actor, id);
        if (!incidents.mayChange(actor, id)) {
            throw new org.evidencevault.access.PermissionDeniedException(Permission.EVIDENCE_WRITE);
        }
        if (incident.version() != expectedVersion) {
            throw new StaleVersionException("incident", id.value(), expectedVersion, incident.version());
        }
        return incident;
    }

    private static Approval.Subject subject(Incident incident, Variant variant) {
        return new Approval.Subject("package/" + variant.name().toLowerCase(java.util.Locale.ROOT), incident.id().value(), incident.version());
    }

    /** The original name, or for the public variant a neutral one (a file name can name a person). */
    private static String fileName(EvidenceItem item, Variant variant) {
        String name = item.details().fileName();
        if (variant == Variant.PUBLIC || name == null || name.isBlank() || !name.matches("[^/\\\\\\p{Cntrl}]{1,200}")
                || name.equals(".") || name.equals("..")) {
            String ext = name != null && name.matches(".*\\.[A-Za-z0-9]{1,8}") ? name.substring(name.lastIndexOf('.')) : "";
            return item.id().value() + ext;
        }
        return name;
    }

    private ObjectNode itemMetadata(EvidenceItem item, Variant variant, String payloadPath, BagWriter.Digests digests) {
        ObjectNode n = json.createObjectNode().put("id", item.id().value()).put("incident", item.incidentId().value())
                .put("kind", item.details().kind().name()).put("payload", payloadPath).put("size", digests.size())
                .put("sha256", digests.sha256()).put("sha512", digests.sha512()).put("format", item.format())
                .put("mediaType", item.details().mediaType())
                .put("derivedFrom", item.derivedFrom() == null ? null : item.derivedFrom().value());
        if (variant == Variant.ORIGINAL) {
            n.put("fileName", item.details().fileName()).put("collector", item.details().collector())
                    .put("collectedAt", item.details().collectedAt() == null ? null : item.details().collectedAt().toString())
                    .put("method", item.details().method()).put("tool", item.details().tool()).put("toolVersion", item.details().toolVersion())
                    .put("sourceUrl", item.details().sourceUrl()).put("captureSha256", item.details().captureSha256())
                    .put("registeredBy", item.registeredBy());
        }
        n.put("custody", "custody/" + item.id().value() + ".json");
        if (variant == Variant.ORIGINAL) {
            n.put("changes", "custody/" + item.id().value() + ".changes.json");
        }
        return n;
    }

    private byte[] bundle(String recordId, long size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        custody.bundle(recordId, size, out);
        return out.toByteArray();
    }

    private byte[] changes(String recordId, long size) {
        ArrayNode list = json.createArrayNode();
        Custody.Change intake = null;
        for (Custody.Change c : custody.changes(recordId)) {
            if (c.seq() < size && c.action().equals(Action.EVIDENCE_INTAKE.recordedAs())) {
                intake = c;
            }
        }
        if (intake != null) {
            list.addObject().put("seq", intake.seq()).put("action", intake.action())
                    .put("bson", Base64.getEncoder().encodeToString(intake.payload()));
        }
        return bytes(json.createObjectNode().put("record", recordId).set("changes", list));
    }

    private ObjectNode incidentJson(Actor actor, Incident incident, Variant variant) {
        var d = incident.details();
        ObjectNode n = json.createObjectNode().put("id", incident.id().value()).put("version", incident.version())
                .put("status", d.status().name()).put("spyware", d.spyware().name());
        if (variant == Variant.ORIGINAL) {
            n.put("title", d.title()).put("contextNotes", d.contextNotes());
        }
        ArrayNode events = n.putArray("infectionEvents");
        d.infectionEvents().forEach(e -> events.addObject().put("date", e.date().value()).put("precision", e.date().precision().name())
                .put("status", e.status() == null ? null : e.status().name()));
        ArrayNode confirmations = n.putArray("forensicConfirmations");
        d.forensicConfirmations().forEach(c -> confirmations.addObject().put("trigger", c.trigger().name())
                .put("method", c.method() == null ? null : c.method().name())
                .put("confirmedOn", c.confirmedOn() == null ? null : c.confirmedOn().value())
                .put("publishedOn", c.publishedOn() == null ? null : c.publishedOn().value()).put("reportUrl", c.reportUrl()));
        ArrayNode named = n.putArray("defenders");
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        for (DefenderId id : d.defenderIds()) {
            ObjectNode who = named.addObject().put("id", id.value());
            try {
                Defender defender = defenders.get(actor, id);
                boolean mayName = variant == Variant.ORIGINAL
                        || defender.profile().hasActiveConsent(org.evidencevault.incidents.Consent.Purpose.PUBLIC_NAMING, today);
                who.put("name", mayName ? defender.profile().fullName() : null);
                if (!mayName) {
                    who.put("redacted", "no consent to be named publicly");
                }
            } catch (NotFoundException | org.evidencevault.common.GoneException e) {
                who.put("redacted", "not available (erased, or not visible to the exporter)");
            }
        }
        return n;
    }

    /**
     * The letters citing the incident that the exporter may see. The public version has only letters already published
     * (past their reply deadline), and of them only the reference and the dates: no addressee name, no signatory of a reply.
     */
    private ArrayNode lettersJson(Actor actor, Incident incident, Variant variant) {
        ArrayNode list = json.createArrayNode();
        if (!access.allows(actor, Permission.COMMUNICATION_READ)) {
            return list;
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        for (Communication c : letters.citingIncident(actor, incident.id(), 0, 200).items()) {
            if (variant == Variant.PUBLIC && !c.details().publicationDate().isBefore(today)) {
                continue;
            }
            ObjectNode l = list.addObject().put("reference", c.details().reference().printed())
                    .put("sentOn", c.details().sentOn().toString()).put("replyDueOn", c.details().replyDueOn().toString());
            if (variant == Variant.ORIGINAL) {
                l.put("addressee", c.details().addresseeName());
            }
            ArrayNode replies = l.putArray("replies");
            c.details().repliesInOrder().forEach(r -> {
                ObjectNode reply = replies.addObject().put("receivedOn", r.receivedOn().toString());
                if (variant == Variant.ORIGINAL) {
                    reply.put("from", r.from());
                }
            });
        }
        return list;
    }

    /** The indicator sets among the items (MVT results' STIX2 files, say): name and SHA-256. */
    private ArrayNode iocSets(List<EvidenceItem> items, Variant variant) {
        ArrayNode sets = json.createArrayNode();
        for (EvidenceItem i : items) {
            String name = i.details().fileName();
            if (name != null && name.toLowerCase(java.util.Locale.ROOT).endsWith(".stix2")) {
                sets.addObject().put("item", i.id().value()).put("name", variant == Variant.ORIGINAL ? name : fileName(i, variant))
                        .put("sha256", i.sha256());
            }
        }
        return sets;
    }

    private static String vaultVersion() {
        String v = EvidencePackages.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    private byte[] bytes(Object node) {
        return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
    }
}

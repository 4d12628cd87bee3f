package org.evidencevault.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.evidencevault.bag.BagVerifier;
import org.evidencevault.crypto.Ed25519Keys;
import org.evidencevault.crypto.MlDsa65Keys;
import org.evidencevault.ledger.AuditBundle;
import org.evidencevault.ledger.AuditEntry;
import org.evidencevault.ledger.BundleScope;
import org.evidencevault.ledger.BundleVerifier;
import org.evidencevault.ledger.MalformedBundleException;
import org.evidencevault.ledger.Printable;
import org.evidencevault.ledger.ProvenTime;
import org.evidencevault.ledger.SignatureMode;
import org.evidencevault.ledger.SignedEntry;
import org.evidencevault.ledger.TrustPolicy;
import org.evidencevault.ledger.VerificationFailure;
import org.evidencevault.ledger.VerificationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks an evidence package offline, end to end, and says what it found in words a rapporteur can read: the bag's
 * manifests (every file, by name); each item's file against its metadata; each item's chain of custody (an audit
 * bundle, verified as {@code verify} does, with the same pinned keys, witnesses and TSAs), whose intake entry commits
 * to a stored change recording exactly these SHA-256 and SHA-512; that the export of this package is in each item's
 * custody; and the incident's own custody. Exit codes as {@code verify}.
 */
@Command(name = "verify-package", mixinStandardHelpOptions = true,
        description = {"Verify an evidence package (a BagIt zip made by the vault) offline: every file's digests, "
                + "each item's chain of custody in the signed audit log, cosignatures and time-stamps. One line per "
                + "finding; exit 0 if everything holds."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the package verifies (OK lines on stdout)", "1:something does not verify (each FAIL line names it)",
                "2:nothing was verified: the package or a key file cannot be read, or a usage error (message on stderr)"})
final class VerifyPackageCommand implements Callable<Integer> {

    /** Largest tag file read (a custody bundle of an item with a long history). */
    static final int MAX_TAG_FILE = 64 * 1024 * 1024;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PACKAGE", description = "The package zip.")
    Path zip;

    @Mixin
    TrustOptions trustOptions = new TrustOptions();

    private final JsonMapper json = JsonMapper.builder().build();
    private final List<String> failures = new ArrayList<>();
    private PrintWriter out;

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TrustPolicy trust;
        BagVerifier.Report bag;
        try {
            trust = trustOptions.policy(SignatureMode.ALL);
            bag = BagVerifier.verify(zip);
        } catch (VerifyCommand.UnreadableInputException e) {
            say(err, "error: " + e.getMessage());
            return VerifyCommand.NOT_VERIFIED;
        } catch (IOException | RuntimeException e) {
            say(err, "error: cannot read " + zip + ": " + e.getMessage());
            return VerifyCommand.NOT_VERIFIED;
        }
        bag.problems().forEach(p -> fail(p));
        Map<String, BagVerifier.FileResult> files = bag.files().stream()
                .collect(Collectors.toMap(BagVerifier.FileResult::path, Function.identity(), (a, b) -> a));
        try {
            JsonNode index = tagJson(bag, "metadata/package.json");
            BundleVerifier verifier = new BundleVerifier(Ed25519Keys::verify, Ed25519Keys.noteVerifier(), MlDsa65Keys.noteVerifier());
            boolean original = "ORIGINAL".equals(index.path("variant").asString());
            long exportSeq = index.path("exportSeq").asLong(-1);
            say(out, "package " + bag.bagName() + ": incident " + index.path("incident").asString() + ", "
                    + index.path("variant").asString().toLowerCase(java.util.Locale.ROOT) + " version, exported by "
                    + index.path("exportedBy").asString() + " at " + index.path("exportedAt").asString());
            AuditBundle incidentCustody = custody(bag, "custody/incident.json", index.path("incident").asString(), verifier, trust);
            java.util.Set<String> listed = new java.util.LinkedHashSet<>();
            for (JsonNode item : index.path("items")) {
                if (!listed.add(item.asString())) {
                    fail("metadata/package.json: lists item " + item.asString() + " twice");
                }
            }
            requireSameItems(listed, files, incidentCustody, exportSeq);
            java.util.Set<String> claimed = new java.util.HashSet<>();
            for (String id : listed) {
                try {
                    checkItem(bag, files, id, verifier, trust, original, exportSeq, claimed);
                } catch (MissingException | RuntimeException e) {
                    fail("item " + id + ": cannot be checked: " + e.getMessage());
                }
            }
            for (String path : files.keySet()) {
                if (path.startsWith("data/") && !claimed.contains(path)) {
                    fail(path + ": a file of the package that no item describes");
                }
            }
            if (!original) {
                say(out, "  note: in a public version the files' digests are tied to the signed log by the custody entries and "
                        + "the vault's metadata, not by stored changes (those hold sealed fields, which never leave the vault in a "
                        + "public version)");
            }
            say(out, "  note: metadata/package.json (who exported it, when) is covered by the tag manifest only; everything "
                    + "else is in the signed log");
        } catch (MissingException e) {
            fail(e.getMessage());
        }
        if (failures.isEmpty()) {
            say(out, "OK: the package verifies: " + files.size() + " files, every digest and every chain of custody");
            return VerifyCommand.VERIFIED;
        }
        say(out, "FAIL: " + failures.size() + " problem" + (failures.size() == 1 ? "" : "s") + " found");
        return VerifyCommand.FAILED;
    }

    /**
     * The same items everywhere: listed in {@code metadata/package.json}, described by {@code metadata/items/<id>.json},
     * with a folder {@code data/items/<id>/}, and named as evidence by the package's own export entry in the incident's
     * signed custody. An item added, removed or renamed anywhere is named.
     */
    private void requireSameItems(java.util.Set<String> listed, Map<String, BagVerifier.FileResult> files, AuditBundle incidentCustody,
                                  long exportSeq) {
        java.util.Set<String> described = new java.util.TreeSet<>();
        java.util.Set<String> folders = new java.util.TreeSet<>();
        for (String path : files.keySet()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("metadata/items/([^/]+)\\.json").matcher(path);
            if (m.matches()) {
                described.add(m.group(1));
            }
            m = java.util.regex.Pattern.compile("data/items/([^/]+)/.*").matcher(path);
            if (m.matches()) {
                folders.add(m.group(1));
            }
        }
        java.util.Set<String> exported = new java.util.TreeSet<>();
        AuditEntry export = incidentCustody == null ? null : entry(incidentCustody, exportSeq);
        if (incidentCustody != null && (export == null || !export.action().equals("package.export"))) {
            fail("custody/incident.json: entry " + exportSeq + " is not this package's export");
        } else if (export != null) {
            export.targets().stream().filter(t -> t.type().equals("evidence")).forEach(t -> exported.add(t.id()));
        }
        if (export != null) {
            requireContents(files, export, exportSeq);
        }
        differences("described by metadata/items/", listed, described);
        differences("under data/items/", listed, folders);
        if (export != null) {
            differences("named by its export in the signed log (entry " + exportSeq + ")", listed, exported);
        }
    }

    /**
     * The metadata files (the incident, the letters, the tools, each item's) are the ones the export's signed entry
     * commits to: its {@code package-contents} target is the digest of their SHA-256, which the bag's own hashes give.
     */
    private void requireContents(Map<String, BagVerifier.FileResult> files, AuditEntry export, long exportSeq) {
        String recorded = export.targets().stream().filter(t -> t.type().equals("package-contents")).map(AuditEntry.Target::id)
                .findFirst().orElse(null);
        StringBuilder lines = new StringBuilder();
        new java.util.TreeMap<>(files).forEach((path, f) -> {
            if (path.equals("metadata/incident.json") || path.equals("metadata/letters.json") || path.equals("metadata/tool-versions.json")
                    || path.matches("metadata/items/[^/]+\\.json")) {
                lines.append(f.sha256()).append("  ").append(path).append('\n');
            }
        });
        String computed = "sha256:" + HexFormat.of().formatHex(org.evidencevault.crypto.Digests.sha256(lines.toString().getBytes(StandardCharsets.UTF_8)));
        if (recorded == null || !recorded.equals(computed)) {
            fail("metadata/: the incident, letters, tools and items described are not the ones the export recorded (entry "
                    + exportSeq + " of the signed log)");
        } else {
            say(out, "OK metadata/: the incident, letters, tools and items described are the ones the export recorded (entry "
                    + exportSeq + ")");
        }
    }

    private void differences(String where, java.util.Set<String> listed, java.util.Set<String> other) {
        for (String id : listed) {
            if (!other.contains(id)) {
                fail("item " + id + ": listed in metadata/package.json but not " + where);
            }
        }
        for (String id : other) {
            if (!listed.contains(id)) {
                fail("item " + id + ": " + where + " but not listed in metadata/package.json");
            }
        }
    }

    private void checkItem(BagVerifier.Report bag, Map<String, BagVerifier.FileResult> files, String id, BundleVerifier verifier,
                           TrustPolicy trust, boolean original, long exportSeq, java.util.Set<String> claimed) throws MissingException {
        JsonNode meta = tagJson(bag, "metadata/items/" + id + ".json");
        String payload = meta.path("payload").asString();
        if (!id.equals(meta.path("id").asString()) || !payload.matches("data/items/" + java.util.regex.Pattern.quote(id) + "/[^/]+")) {
            fail("metadata/items/" + id + ".json: does not describe item " + id + " at data/items/" + id + "/<its file>");
            return;
        }
        claimed.add(payload);
        BagVerifier.FileResult file = files.get(payload);
        if (file == null) {
            fail(payload + ": the file of item " + id + " is not in the package");
            return;
        }
        boolean same = file.sha256().equals(meta.path("sha256").asString()) && file.sha512().equals(meta.path("sha512").asString());
        if (!same) {
            fail(payload + ": its digests are not the ones its metadata records");
        }
        AuditBundle bundle = custody(bag, "custody/" + id + ".json", id, verifier, trust);
        if (bundle == null) {
            return;
        }
        AuditEntry export = entry(bundle, exportSeq);
        if (export == null || !export.action().equals("package.export")
                || export.targets().stream().noneMatch(t -> t.type().equals("evidence") && t.id().equals(id))) {
            fail("custody/" + id + ".json: the export of this package (entry " + exportSeq + ") is not in the item's custody");
            return;
        }
        if (!original) {
            if (same) {
                say(out, "OK " + payload + ": SHA-256 " + file.sha256() + "; in the signed custody of item " + id);
            }
            return;
        }
        // the entry that recorded the bytes commits to a stored change holding exactly these digests
        JsonNode intake = null;
        for (JsonNode c : tagJson(bag, "custody/" + id + ".changes.json").path("changes")) {
            if (c.path("action").asString().equals("evidence.intake")) {
                intake = c;
            }
        }
        if (intake == null) {
            fail("custody/" + id + ".changes.json: no stored change records the bytes of " + payload);
            return;
        }
        long seq = intake.path("seq").asLong();
        byte[] bson;
        try {
            bson = java.util.Base64.getDecoder().decode(intake.path("bson").asString());
        } catch (IllegalArgumentException e) {
            fail("custody/" + id + ".changes.json: the stored change of entry " + seq + " is not base64");
            return;
        }
        AuditEntry entry = entry(bundle, seq);
        if (entry == null || !entry.action().equals("evidence.intake")) {
            fail("custody/" + id + ".json: entry " + seq + ", which recorded the bytes, is not in the item's custody");
            return;
        }
        if (!("sha256:" + HexFormat.of().formatHex(org.evidencevault.crypto.Digests.sha256(bson))).equals(entry.commitment())) {
            fail("custody/" + id + ".changes.json: the stored change of entry " + seq + " is not the one that entry commits to");
            return;
        }
        String recordedId;
        String recorded256;
        String recorded512;
        try {
            BsonDocument document = new RawBsonDocument(bson).getArray("ops").get(0).asDocument().getDocument("document");
            recordedId = document.getString("_id").getValue();
            recorded256 = document.getString("sha256").getValue();
            recorded512 = document.getString("sha512").getValue();
        } catch (RuntimeException e) {
            fail("custody/" + id + ".changes.json: the stored change of entry " + seq + " is not a record of an item's bytes");
            return;
        }
        if (!id.equals(recordedId) || !file.sha256().equals(recorded256) || !file.sha512().equals(recorded512)) {
            fail(payload + ": its digests are not the ones entry " + seq + " of its custody recorded");
            return;
        }
        if (same) {
            say(out, "OK " + payload + ": SHA-256 " + file.sha256() + "; recorded as received by " + entry.actor() + " at "
                    + entry.time() + " (audit entry " + seq + ")");
        }
    }

    /** Verifies the audit bundle {@code path} of record {@code id}; null (and a FAIL) if it does not verify. */
    private AuditBundle custody(BagVerifier.Report bag, String path, String id, BundleVerifier verifier, TrustPolicy trust)
            throws MissingException {
        AuditBundle bundle;
        try {
            bundle = AuditBundle.parse(tag(bag, path));
        } catch (MalformedBundleException e) {
            fail(path + ": not an audit bundle: " + e.getMessage());
            return null;
        }
        if (!(bundle.scope() instanceof BundleScope.Incident scope) || !scope.incidentId().equals(id)) {
            fail(path + ": the bundle is not about " + id);
            return null;
        }
        try {
            VerificationReport report = verifier.verify(bundle, trust);
            String proven = report.provenTimes().isEmpty() ? "no proof of time from outside the vault"
                    : proof(report.provenTimes().get(report.provenTimes().size() - 1));
            say(out, "OK " + path + ": " + report.entriesVerified() + " entries of custody, signed and in the log's checkpoint of size "
                    + report.latestSize() + "; " + proven);
            report.warnings().forEach(w -> say(out, "  note: " + w));
            return bundle;
        } catch (VerificationFailure f) {
            fail(path + ": " + (f.seq() == null ? "" : "seq " + f.seq() + ": ") + f.reason());
            return null;
        }
    }

    private static String proof(ProvenTime p) {
        return "existed by " + p.earliest() + " (" + String.join(", ", p.by()) + ")";
    }

    private AuditEntry entry(AuditBundle bundle, long seq) {
        for (SignedEntry e : bundle.entries()) {
            AuditEntry parsed = parse(e);
            if (parsed != null && parsed.seq() == seq) {
                return parsed;
            }
        }
        return null;
    }

    private AuditEntry parse(SignedEntry e) {
        try {
            return AuditEntry.parse(e.entryText().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException malformed) {
            return null; // a malformed entry fails the bundle's verification, which is reported
        }
    }

    private JsonNode tagJson(BagVerifier.Report bag, String path) throws MissingException {
        try {
            return json.readTree(tag(bag, path));
        } catch (tools.jackson.core.JacksonException e) {
            throw new MissingException(path + ": not JSON");
        }
    }

    private byte[] tag(BagVerifier.Report bag, String path) throws MissingException {
        try {
            return BagVerifier.readTagFile(zip, path, MAX_TAG_FILE);
        } catch (IOException | RuntimeException e) {
            throw new MissingException(path + ": missing or unreadable (" + e.getMessage() + ")");
        }
    }

    private void fail(String what) {
        failures.add(what);
        say(out, "FAIL " + what);
    }

    private static void say(PrintWriter to, String line) {
        to.println(Printable.escape(line));
    }

    /** A file the package must hold is not there. */
    private static final class MissingException extends Exception {
        MissingException(String message) {
            super(message);
        }
    }
}

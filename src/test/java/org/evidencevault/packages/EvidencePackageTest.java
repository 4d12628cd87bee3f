package org.evidencevault.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.evidencevault.approvals.Approval;
import org.evidencevault.approvals.ApprovalService;
import org.evidencevault.cli.VaultCommandLine;
import org.evidencevault.common.Actor;
import org.evidencevault.common.DemoTeams;
import org.evidencevault.common.PartialDate;
import org.evidencevault.common.Role;
import org.evidencevault.crypto.KeyRing;
import org.evidencevault.crypto.KeySetFile;
import org.evidencevault.evidence.EvidenceItem;
import org.evidencevault.evidence.EvidenceKind;
import org.evidencevault.evidence.EvidenceService;
import org.evidencevault.incidents.Consent;
import org.evidencevault.incidents.Defender;
import org.evidencevault.incidents.DefenderProfile;
import org.evidencevault.incidents.DefenderService;
import org.evidencevault.incidents.Incident;
import org.evidencevault.incidents.IncidentDetails;
import org.evidencevault.incidents.IncidentService;
import org.evidencevault.incidents.IncidentStatus;
import org.evidencevault.incidents.InfectionEvent;
import org.evidencevault.incidents.Spyware;
import org.evidencevault.ledger.AuditPublicKey;
import org.evidencevault.support.VaultContexts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An incident's evidence package, from the vault to a rapporteur's laptop: asked for by one officer, granted by a
 * second, exported under the approval with a passkey confirmation; then checked offline by {@code verify-package}
 * (manifests, each file against its metadata and its custody, the export in each item's custody). One byte changed
 * in any file of the package is named; the public version carries no name of a defender without consent to be named.
 */
class EvidencePackageTest {

    @TempDir
    static Path dir;

    private static ConfigurableApplicationContext vault;
    private static Path keyFile;
    private static Path original;
    private static Incident incident;
    private static final byte[] REPORT = "%PDF-1.7 the lab's forensic report of the Pegasus infections".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TIMELINE = "datetime,event\n2022-06-22T10:00:00Z,process iMessage\n".getBytes(StandardCharsets.US_ASCII);

    private static Actor officer() {
        return new Actor("officer", Set.of(Role.PROTECTION_OFFICER), Set.of(DemoTeams.GENEVA), Set.of(), Instant.now());
    }

    private static Actor second() {
        return new Actor("second-officer", Set.of(Role.PROTECTION_OFFICER), Set.of(DemoTeams.GENEVA), Set.of(), Instant.now());
    }

    @BeforeAll
    static void export() throws Exception {
        Path keys = dir.resolve("keys/vault-keys.json");
        KeyRing ring = KeySetFile.generate(keys, false);
        var k = ring.activeSigningKey();
        keyFile = dir.resolve("audit-v1.json");
        AuditPublicKey log = new AuditPublicKey(k.keyId(), k.ed25519PublicKey(), k.mlDsa65PublicKey());
        Files.write(keyFile, log.toJson());
        // a witness and a TSA, so that the package's custody carries a cosignature and a time-stamp
        String origin = "packages.test/audit";
        org.evidencevault.crypto.WitnessKeyFile witnessKey = org.evidencevault.crypto.WitnessKeyFile.generate(dir.resolve("w.key"),
                "w.partner.example");
        witness = org.evidencevault.witness.WitnessServer.start(org.evidencevault.witness.Witness.open(witnessKey,
                java.util.Map.of(origin, List.of(org.evidencevault.crypto.Ed25519Keys.trustedKey(log.keyId(), log.ed25519()),
                        org.evidencevault.crypto.MlDsa65Keys.trustedKey(log.mlDsa65KeyName(), log.mlDsa65()))),
                dir.resolve("w.state"), java.time.Clock.systemUTC(), new PrintWriter(new StringWriter())),
                new java.net.InetSocketAddress("127.0.0.1", 0), "");
        vkey = witnessKey.key().vkey();
        tsa = org.evidencevault.crypto.LocalTsa.start("Package Test TSA");
        tsaCert = dir.resolve("tsa.pem");
        Files.write(tsaCert, tsa.certificatePem());
        vault = VaultContexts.start(dir.resolve("data"), keys, List.of("--vault.audit.origin=" + origin,
                "--vault.anchoring.witnesses[0].url=http://127.0.0.1:" + witness.port(), "--vault.anchoring.witnesses[0].key=" + vkey,
                "--vault.anchoring.tsas[0].name=local", "--vault.anchoring.tsas[0].url=" + tsa.uri(),
                "--vault.anchoring.tsas[0].certificate=" + tsaCert), "test");
        DefenderService defenders = vault.getBean(DefenderService.class);
        Defender named = defenders.register(officer(), new DefenderProfile("Publicly Named Defender", null, "Lawyer", "MEX", null,
                List.of(new Consent(Consent.Purpose.PUBLIC_NAMING, java.time.LocalDate.parse("2023-04-18"), null, null))));
        Defender unnamed = defenders.register(officer(), new DefenderProfile("Unnamed Defender Secret", null, "Journalist", "MEX", null,
                List.of()));
        incident = vault.getBean(IncidentService.class).register(officer(), new IncidentDetails("Package test incident",
                List.of(named.id(), unnamed.id()), Spyware.PEGASUS, null, null, null, IncidentStatus.SUSPECTED,
                List.of(new InfectionEvent(PartialDate.of("2022-06"), null, null, null)), List.of(), null));
        upload(EvidenceKind.LAB_REPORT, "application/pdf", "informe-laboratorio.pdf", REPORT);
        upload(EvidenceKind.MVT_RESULT, "text/csv", "timeline.csv", TIMELINE);
        original = exportPackage(EvidencePackages.Variant.ORIGINAL, "original.zip");
    }

    private static org.evidencevault.witness.WitnessServer witness;
    private static org.evidencevault.crypto.LocalTsa tsa;
    private static String vkey;
    private static Path tsaCert;

    @AfterAll
    static void stop() {
        vault.close();
        witness.close();
        tsa.close();
    }

    private static void upload(EvidenceKind kind, String type, String name, byte[] bytes) throws Exception {
        EvidenceService evidence = vault.getBean(EvidenceService.class);
        EvidenceItem item = evidence.register(officer(), incident.id(), new EvidenceItem.Details(kind, type, (long) bytes.length, name,
                null, "officer", null, "MVT", "2.5.4", null, null, null, null, null), null);
        evidence.append(officer(), item.id(), 0, new ByteArrayInputStream(bytes), null);
    }

    private static Path exportPackage(EvidencePackages.Variant variant, String name) throws Exception {
        EvidencePackages packages = vault.getBean(EvidencePackages.class);
        Approval asked = packages.requestExport(officer(), incident.id(), incident.version(), variant, "for the Special Rapporteur");
        vault.getBean(ApprovalService.class).decide(second(), asked.id(), asked.version(), true);
        EvidencePackages.Writer writer = packages.export(officer(), incident.id(), incident.version(), variant, asked.id());
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            writer.writeTo(out);
        }
        return file;
    }

    private static String verify(Path zip, int expectedExit) {
        StringWriter out = new StringWriter();
        int code = VaultCommandLine.run(new String[] {"verify-package", zip.toString(), "--key", keyFile.toString()},
                new PrintWriter(out, true), new PrintWriter(out, true));
        assertThat(code).as(out.toString()).isEqualTo(expectedExit);
        return out.toString();
    }

    @Test
    void thePackageHoldsTheFilesByteForByteAndVerifiesOffline() throws Exception {
        try (ZipFile zip = new ZipFile(original.toFile())) {
            List<String> names = new ArrayList<>();
            zip.stream().forEach(e -> names.add(e.getName()));
            String root = names.get(0).substring(0, names.get(0).indexOf('/') + 1);
            assertThat(names).contains(root + "bagit.txt", root + "bag-info.txt", root + "manifest-sha256.txt", root + "manifest-sha512.txt",
                    root + "tagmanifest-sha256.txt", root + "metadata/incident.json", root + "metadata/letters.json",
                    root + "metadata/tool-versions.json", root + "custody/incident.json", root + "HowToVerify-es.txt",
                    root + "HowToVerify-en.txt", root + "HowToVerify-fr.txt");
            ZipEntry report = zip.stream().filter(e -> e.getName().endsWith("/informe-laboratorio.pdf")).findFirst().orElseThrow();
            assertThat(zip.getInputStream(report).readAllBytes()).isEqualTo(REPORT);
            String incidentJson = new String(zip.getInputStream(zip.getEntry(root + "metadata/incident.json")).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(incidentJson).contains("Publicly Named Defender").contains("Unnamed Defender Secret").contains("Package test incident");
        }
        String report = verify(original, 0);
        assertThat(report).contains("OK: the package verifies").contains("informe-laboratorio.pdf: SHA-256 ")
                .contains("recorded as received by officer").contains("entries of custody, signed");
        // with the witness and the TSA pinned, each item's custody is proven to have existed by a time outside the vault
        StringWriter out = new StringWriter();
        assertThat(VaultCommandLine.run(new String[] {"verify-package", original.toString(), "--key", keyFile.toString(),
                "--witness", vkey, "--tsa", tsaCert.toString()}, new PrintWriter(out, true), new PrintWriter(out, true)))
                .as(out.toString()).isZero();
        assertThat(out.toString()).contains("existed by ").contains("witness w.partner.example").contains("tsa CN=Package Test TSA");
    }

    @Test
    void theExportIsInTheCustodyHistoryOfEveryItem() {
        EvidenceService evidence = vault.getBean(EvidenceService.class);
        for (EvidenceItem item : evidence.ofIncident(officer(), incident.id())) {
            assertThat(evidence.custody(officer(), item.id()).stream().map(org.evidencevault.audit.RecordHistory.Event::action))
                    .as(item.id().value()).contains("package.export", "evidence.download");
        }
    }

    static List<String> entries() throws Exception {
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(original.toFile())) {
            zip.stream().filter(e -> !e.isDirectory() && e.getSize() > 0).forEach(e -> names.add(e.getName()));
        }
        return names;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void oneByteChangedInAnyFileIsNamed(String entry) throws Exception {
        Path tampered = dir.resolve("tampered-" + entry.replaceAll("[^A-Za-z0-9.-]", "_") + ".zip");
        try (ZipFile zip = new ZipFile(original.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tampered))) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                byte[] bytes = zip.getInputStream(e).readAllBytes();
                if (e.getName().equals(entry)) {
                    int at = bytes.length / 2;
                    bytes[at] = (byte) (bytes[at] == 'x' ? 'y' : 'x');
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        String report = verify(tampered, 1);
        String inBag = entry.substring(entry.indexOf('/') + 1);
        assertThat(report).as("the change to %s", inBag).contains("FAIL").contains(inBag);
    }

    /**
     * The package with {@code changes} made (a null value removes the entry), and BagIt's manifests, tag manifest and
     * Payload-Oxum rewritten to match, as a forger who knows the format would: only the signed log can tell.
     */
    private static Path forged(String name, java.util.function.UnaryOperator<java.util.Map<String, byte[]>> changes) throws Exception {
        java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        String root;
        try (ZipFile zip = new ZipFile(original.toFile())) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                if (!e.isDirectory()) {
                    entries.put(e.getName(), zip.getInputStream(e).readAllBytes());
                }
            }
        }
        root = entries.keySet().iterator().next().replaceAll("/.*", "/");
        java.util.Map<String, byte[]> read = new java.util.TreeMap<>();
        int cut = root.length();
        entries.forEach((k, v) -> read.put(k.substring(cut), v));
        java.util.Map<String, byte[]> inBag = changes.apply(read);
        inBag.values().removeIf(java.util.Objects::isNull);
        StringBuilder m256 = new StringBuilder();
        StringBuilder m512 = new StringBuilder();
        long octets = 0;
        int streams = 0;
        for (var e : inBag.entrySet()) {
            if (e.getKey().startsWith("data/")) {
                m256.append(hex("SHA-256", e.getValue())).append("  ").append(e.getKey()).append('\n');
                m512.append(hex("SHA-512", e.getValue())).append("  ").append(e.getKey()).append('\n');
                octets += e.getValue().length;
                streams++;
            }
        }
        inBag.put("manifest-sha256.txt", m256.toString().getBytes(StandardCharsets.UTF_8));
        inBag.put("manifest-sha512.txt", m512.toString().getBytes(StandardCharsets.UTF_8));
        String info = new String(inBag.get("bag-info.txt"), StandardCharsets.UTF_8).replaceAll("Payload-Oxum: \\S+", "Payload-Oxum: "
                + octets + "." + streams);
        inBag.put("bag-info.txt", info.getBytes(StandardCharsets.UTF_8));
        StringBuilder tags = new StringBuilder();
        for (var e : inBag.entrySet()) {
            if (!e.getKey().startsWith("data/") && !e.getKey().equals("tagmanifest-sha256.txt")) {
                tags.append(hex("SHA-256", e.getValue())).append("  ").append(e.getKey()).append('\n');
            }
        }
        inBag.put("tagmanifest-sha256.txt", tags.toString().getBytes(StandardCharsets.UTF_8));
        Path forged = dir.resolve(name);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(forged))) {
            for (var e : inBag.entrySet()) {
                out.putNextEntry(new ZipEntry(root + e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return forged;
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance(algorithm).digest(bytes));
    }

    private static String reportPath(java.util.Map<String, byte[]> bag) {
        return bag.keySet().stream().filter(k -> k.endsWith("/informe-laboratorio.pdf")).findFirst().orElseThrow();
    }

    @Test
    void aFileReplacedWithManifestsAndMetadataRewrittenToMatchIsNamedByItsCustody() throws Exception {
        Path zip = forged("replaced.zip", bag -> {
            String path = reportPath(bag);
            String id = path.split("/")[2];
            byte[] other = "%PDF-1.7 another report, written later".getBytes(StandardCharsets.US_ASCII);
            bag.put(path, other);
            try {
                String meta = new String(bag.get("metadata/items/" + id + ".json"), StandardCharsets.UTF_8)
                        .replaceAll("\"sha256\" : \"[0-9a-f]+\"", "\"sha256\" : \"" + hex("SHA-256", other) + "\"")
                        .replaceAll("\"sha512\" : \"[0-9a-f]+\"", "\"sha512\" : \"" + hex("SHA-512", other) + "\"");
                bag.put("metadata/items/" + id + ".json", meta.getBytes(StandardCharsets.UTF_8));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return bag;
        });
        String report = verify(zip, 1);
        assertThat(report).containsPattern("FAIL data/items/[^ ]+/informe-laboratorio.pdf: its digests are not the ones entry \\d+ "
                + "of its custody recorded").doesNotContain("FAIL manifest").doesNotContain("FAIL tagmanifest");
    }

    @Test
    void theIncidentsMetadataChangedWithTheTagManifestRewrittenIsNamedByTheExportsEntry() throws Exception {
        Path zip = forged("renamed.zip", bag -> {
            String incidentJson = new String(bag.get("metadata/incident.json"), StandardCharsets.UTF_8)
                    .replace("Publicly Named Defender", "Someone Else Entirely");
            bag.put("metadata/incident.json", incidentJson.getBytes(StandardCharsets.UTF_8));
            return bag;
        });
        assertThat(verify(zip, 1)).containsPattern("FAIL metadata/: the incident, letters, tools and items described are not the "
                + "ones the export recorded \\(entry \\d+ of the signed log\\)").doesNotContain("FAIL tagmanifest");
        assertThat(verify(original, 0)).contains("OK metadata/: the incident, letters, tools and items described are the ones the "
                + "export recorded");
    }

    @Test
    void anItemLeftOutOfTheListOrAFileAddedWithManifestsToMatchIsNamed() throws Exception {
        String[] id = new String[1];
        Path leftOut = forged("left-out.zip", bag -> {
            id[0] = reportPath(bag).split("/")[2];
            String index = new String(bag.get("metadata/package.json"), StandardCharsets.UTF_8).replace("\"" + id[0] + "\",", "")
                    .replace(",\n    \"" + id[0] + "\"", "").replace("\"" + id[0] + "\"", "");
            bag.put("metadata/package.json", index.getBytes(StandardCharsets.UTF_8));
            return bag;
        });
        assertThat(verify(leftOut, 1)).contains("FAIL item " + id[0] + ": described by metadata/items/ but not listed in metadata/package.json")
                .contains("FAIL item " + id[0] + ": named by its export in the signed log");
        Path added = forged("added.zip", bag -> {
            bag.put("data/items/" + reportPath(bag).split("/")[2] + "/planted.pdf", "%PDF-1.7 planted".getBytes(StandardCharsets.US_ASCII));
            return bag;
        });
        assertThat(verify(added, 1)).containsPattern("FAIL data/items/[^ ]+/planted.pdf: a file of the package that no item describes");
    }

    @Test
    void thePublicVersionNamesOnlyDefendersWhoConsentedAndCarriesNoOriginal() throws Exception {
        Path pub = exportPackage(EvidencePackages.Variant.PUBLIC, "public.zip");
        try (ZipFile zip = new ZipFile(pub.toFile())) {
            String root = zip.entries().nextElement().getName();
            root = root.substring(0, root.indexOf('/') + 1);
            String incidentJson = new String(zip.getInputStream(zip.getEntry(root + "metadata/incident.json")).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(incidentJson).contains("Publicly Named Defender").doesNotContain("Unnamed Defender Secret")
                    .contains("no consent to be named publicly").doesNotContain("Package test incident");
            assertThat(zip.stream().map(ZipEntry::getName)).noneMatch(n -> n.contains("/data/items/"));
        }
        verify(pub, 0);
    }

    @Test
    void anExportNeedsItsOwnGrantedApprovalAndAPasskeyConfirmation() {
        EvidencePackages packages = vault.getBean(EvidencePackages.class);
        Approval asked = packages.requestExport(officer(), incident.id(), incident.version(), EvidencePackages.Variant.ORIGINAL, "again");
        assertThatThrownBy(() -> packages.export(officer(), incident.id(), incident.version(), EvidencePackages.Variant.ORIGINAL, asked.id()))
                .as("not granted yet").isInstanceOf(org.evidencevault.common.ApprovalException.class);
        vault.getBean(ApprovalService.class).decide(second(), asked.id(), asked.version(), true);
        Actor noPasskey = new Actor("officer", Set.of(Role.PROTECTION_OFFICER), Set.of(DemoTeams.GENEVA), Set.of());
        assertThatThrownBy(() -> packages.export(noPasskey, incident.id(), incident.version(), EvidencePackages.Variant.ORIGINAL, asked.id()))
                .isInstanceOf(org.evidencevault.common.StepUpRequiredException.class);
        assertThatThrownBy(() -> packages.export(officer(), incident.id(), incident.version(), EvidencePackages.Variant.PUBLIC, asked.id()))
                .as("granted for the original, not the public version").isInstanceOf(org.evidencevault.common.ApprovalException.class);
        Actor other = new Actor("officer2", Set.of(Role.PROTECTION_OFFICER), Set.of(DemoTeams.MEXICO), Set.of(), Instant.now());
        assertThatThrownBy(() -> packages.requestExport(other, incident.id(), incident.version(), EvidencePackages.Variant.ORIGINAL, "x"))
                .isInstanceOf(org.evidencevault.common.NotFoundException.class);
    }
}

package org.evidencevault.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the vault reads from MVT results and STIX2 bundles, and what it leaves alone (messages, contacts). */
class ForensicAnalysisTest {

    private static Map<String, Object> of(EvidenceKind kind, String json) {
        return ForensicAnalysis.of(kind, json.getBytes(StandardCharsets.UTF_8),
                sha -> sha.equals("a".repeat(64)) ? List.of("item-with-that-hash") : List.of());
    }

    @Test
    void anMvtInfoJsonGivesVersionDateIocFilesAndHashesMatchedAgainstTheIncidentsItems() {
        Map<String, Object> a = of(EvidenceKind.MVT_RESULT, """
                {"mvt_version": "2.6.1", "date": "2022-10-03 10:41:07.112233", "ioc_files": ["pegasus.stix2", "predator.stix2"],
                 "target_path": "/home/lab/backup-of-someone", "hashes": [
                   {"file_path": "/home/lab/backup/Manifest.db", "sha256": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
                   {"file_path": "/home/lab/backup/Info.plist", "sha256": "%s"}]}""".formatted("b".repeat(64)));
        assertThat(a).containsEntry("type", "mvt-info").containsEntry("mvtVersion", "2.6.1")
                .containsEntry("date", "2022-10-03 10:41:07.112233").containsEntry("iocFiles", List.of("pegasus.stix2", "predator.stix2"))
                .doesNotContainKey("targetPath");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> hashes = (List<Map<String, Object>>) a.get("hashes");
        assertThat(hashes).hasSize(2);
        assertThat(hashes.get(0)).containsEntry("filePath", "/home/lab/backup/Manifest.db")
                .containsEntry("matchingItems", List.of("item-with-that-hash"));
        assertThat(hashes.get(1)).containsEntry("matchingItems", List.of());
    }

    @Test
    void mvtDetectionsOfBothShapesGiveCountsModulesAndIndicatorsButNoMessage() {
        Map<String, Object> alerts = of(EvidenceKind.MVT_RESULT, """
                [{"level": "high", "module": "sms", "message": "SMS from +52 55 1234 5678 with a suspicious link",
                  "event_time": "2022-06-14 09:00:00", "event": {"text": "hola"},
                  "matched_indicator": {"value": "infra.example-spy.com", "type": "domain", "name": "Pegasus"}},
                 {"level": "critical", "module": "processes", "message": "bh", "matched_indicator": {"value": "bh", "type": "process"}}]""");
        assertThat(alerts).containsEntry("type", "mvt-detections").containsEntry("detections", 2)
                .containsEntry("modules", List.of("sms", "processes")).containsEntry("levels", List.of("high", "critical"))
                .containsEntry("matchedIndicators", List.of("infra.example-spy.com", "bh"));
        assertThat(alerts.toString()).doesNotContain("+52").doesNotContain("hola").doesNotContain("suspicious link");

        Map<String, Object> older = of(EvidenceKind.MVT_RESULT, """
                [{"isodate": "2022-06-14", "url": "https://infra.example-spy.com/x", "matched_indicator": "infra.example-spy.com"}]""");
        assertThat(older).containsEntry("detections", 1).containsEntry("matchedIndicators", List.of("infra.example-spy.com"));
    }

    @Test
    void aStix21BundleGivesItsIdIndicatorCountAndMalwareNames() {
        Map<String, Object> a = of(EvidenceKind.STIX2_IOC_SET, """
                {"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", "objects": [
                  {"type": "malware", "id": "malware--1", "name": "Pegasus", "is_family": true},
                  {"type": "indicator", "id": "indicator--1", "pattern": "[domain-name:value = 'a.example']"},
                  {"type": "indicator", "id": "indicator--2", "pattern": "[domain-name:value = 'b.example']"},
                  {"type": "relationship", "id": "relationship--1"}]}""");
        assertThat(a).containsEntry("type", "stix2-bundle").containsEntry("stixId", "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d")
                .containsEntry("indicators", 2).containsEntry("malware", List.of("Pegasus"));
    }

    @Test
    void otherFilesAndOtherKindsGiveNoAnalysis() {
        assertThat(of(EvidenceKind.MVT_RESULT, "not json")).isNull();
        assertThat(of(EvidenceKind.MVT_RESULT, "{\"something\": \"else\"}")).isNull();
        assertThat(of(EvidenceKind.STIX2_IOC_SET, "{\"type\": \"indicator\"}")).isNull();
        assertThat(of(EvidenceKind.LAB_REPORT, "{\"type\": \"bundle\", \"objects\": []}")).isNull();
    }
}

package org.evidencevault.bag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bag written by {@link BagWriter} verifies, reports the digests of what went in, and reads as RFC 8493 says. */
class BagRoundTripTest {

    @TempDir
    Path dir;

    private Path sample() throws IOException {
        return SampleBag.file(dir, "sample.zip", SampleBag.bytes());
    }

    @Test
    void aBagOfThreePayloadFilesAndTwoTagFilesVerifiesWithTheDigestsOfItsInputs() throws IOException {
        BagVerifier.Report report = BagVerifier.verify(sample());

        assertThat(report.problems()).isEmpty();
        assertThat(report.valid()).isTrue();
        assertThat(report.bagName()).isEqualTo(SampleBag.NAME);
        SampleBag.PAYLOAD.forEach((path, bytes) -> assertDigests(report, "data/" + path, bytes));
        SampleBag.TAGS.forEach((path, bytes) -> assertDigests(report, path, bytes));
        assertThat(report.files()).extracting(BagVerifier.FileResult::path).containsExactly(
                "HowToVerify-es.txt", "bag-info.txt", "bagit.txt", "data/items/photo 2026-03-01.jpg",
                "data/items/report.pdf", "data/testimonios/declaración de María.txt", "manifest-sha256.txt",
                "manifest-sha512.txt", "metadata/item-1.json", "tagmanifest-sha256.txt");
        assertThat(report.files()).allMatch(BagVerifier.FileResult::ok);
    }

    private static void assertDigests(BagVerifier.Report report, String path, byte[] bytes) {
        assertThat(report.files()).filteredOn(file -> file.path().equals(path)).singleElement().satisfies(file -> {
            assertThat(file.size()).isEqualTo(bytes.length);
            assertThat(file.sha256()).isEqualTo(SampleBag.hex("SHA-256", bytes));
            assertThat(file.sha512()).isEqualTo(SampleBag.hex("SHA-512", bytes));
            assertThat(file.ok()).isTrue();
        });
    }

    @Test
    void addPayloadReturnsTheSizeAndDigestsOfExactlyTheBytesItWrote() throws IOException {
        byte[] bytes = SampleBag.PAYLOAD.get("items/report.pdf");
        try (BagWriter writer = BagWriter.open(new ByteArrayOutputStream(), "b")) {
            BagWriter.Digests digests = writer.addPayload("report.pdf", new ByteArrayInputStream(bytes));

            assertThat(digests).isEqualTo(new BagWriter.Digests(bytes.length, SampleBag.hex("SHA-256", bytes),
                    SampleBag.hex("SHA-512", bytes)));
        }
    }

    @Test
    void aPayloadPushedByAPayloadWriterIsWrittenLikeOnePulledFromAStream() throws IOException {
        byte[] bytes = SampleBag.PAYLOAD.get("items/photo 2026-03-01.jpg");
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        OutputStream[] kept = new OutputStream[1];
        try (BagWriter writer = BagWriter.open(zip, "pushed")) {
            BagWriter.Digests pushed = writer.addPayload("photo.jpg", out -> {
                kept[0] = out;
                out.write(bytes, 0, 10);
                out.write(bytes[10]);
                out.write(bytes, 11, bytes.length - 11);
                out.close();
            });
            BagWriter.Digests pulled = writer.addPayload("photo-2.jpg", new ByteArrayInputStream(bytes));

            assertThat(pushed).isEqualTo(pulled);
            assertThatThrownBy(() -> kept[0].write(1)).isInstanceOf(IOException.class)
                    .hasMessage("payload stream used after its file was added");
            writer.finish(List.of());
        }
        assertThat(BagVerifier.verify(SampleBag.file(dir, "pushed.zip", zip.toByteArray())).problems()).isEmpty();
    }

    @Test
    void thePayloadManifestsListEveryPayloadFileInPathOrderWithTwoSpacesAndLfEndings() throws IOException {
        Path zip = sample();
        for (String algorithm : List.of("SHA-256", "SHA-512")) {
            String name = "manifest-" + algorithm.toLowerCase().replace("-", "") + ".txt";
            String manifest = new String(BagVerifier.readTagFile(zip, name, 1 << 20), StandardCharsets.UTF_8);

            assertThat(manifest).endsWith("\n").doesNotContain("\r");
            List<String> lines = manifest.lines().toList();
            List<String> paths = lines.stream().map(line -> line.substring(line.indexOf("  ") + 2)).toList();
            assertThat(paths).isSortedAccordingTo(Comparator.naturalOrder()).containsExactly(
                    "data/items/photo 2026-03-01.jpg", "data/items/report.pdf",
                    "data/testimonios/declaración de María.txt");
            SampleBag.PAYLOAD.forEach((path, bytes) ->
                    assertThat(lines).contains(SampleBag.hex(algorithm, bytes) + "  data/" + path));
        }
    }

    @Test
    void theTagManifestCoversEveryTagFileButItselfWithTheDigestsOfTheirBytes() throws IOException {
        Path zip = sample();
        String manifest = new String(BagVerifier.readTagFile(zip, "tagmanifest-sha256.txt", 1 << 20),
                StandardCharsets.UTF_8);

        List<String> lines = manifest.lines().toList();
        assertThat(lines).extracting(line -> line.substring(66)).containsExactly("HowToVerify-es.txt", "bag-info.txt",
                "bagit.txt", "manifest-sha256.txt", "manifest-sha512.txt", "metadata/item-1.json");
        for (String line : lines) {
            byte[] file = BagVerifier.readTagFile(zip, line.substring(66), 1 << 20);
            assertThat(line).matches("[0-9a-f]{64}  .+").startsWith(SampleBag.hex("SHA-256", file) + "  ");
        }
    }

    @Test
    void theDeclarationAndBagInfoAreWrittenAsTheRfcSaysWithTheComputedPayloadOxum() throws IOException {
        Path zip = sample();

        assertThat(new String(BagVerifier.readTagFile(zip, "bagit.txt", 100), StandardCharsets.UTF_8))
                .isEqualTo("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
        assertThat(new String(BagVerifier.readTagFile(zip, "bag-info.txt", 1000), StandardCharsets.UTF_8)).isEqualTo(
                "Source-Organization: Evidence Vault\n"
                        + "Contact-Email: intake@evidencevault.example\n"
                        + "External-Identifier: INC-2026-041\n"
                        + "Bagging-Date: 2026-11-29\n"
                        + "Payload-Oxum: " + SampleBag.payloadOctets() + ".3\n");
        assertThat(BagVerifier.verify(zip).bagInfo()).containsExactly(
                Map.entry("Source-Organization", "Evidence Vault"),
                Map.entry("Contact-Email", "intake@evidencevault.example"),
                Map.entry("External-Identifier", "INC-2026-041"),
                Map.entry("Bagging-Date", "2026-11-29"),
                Map.entry("Payload-Oxum", SampleBag.payloadOctets() + ".3"));
    }

    @Test
    void aBaggingDateGivenByTheCallerIsKeptAndARepeatableLabelMayRepeat() throws IOException {
        byte[] zip = SampleBag.write(Map.of("a.txt", new byte[] {1}), Map.of(), List.of(
                Map.entry("Contact-Name", "Ana"), Map.entry("Bagging-Date", "2026-01-02"),
                Map.entry("Contact-Name", "Luis")));

        BagVerifier.Report report = BagVerifier.verify(SampleBag.file(dir, "dated.zip", zip));

        assertThat(report.valid()).isTrue();
        assertThat(report.bagInfo()).containsExactly(Map.entry("Contact-Name", "Ana\nLuis"),
                Map.entry("Bagging-Date", "2026-01-02"), Map.entry("Payload-Oxum", "1.1"));
    }

    @Test
    void everyEntryLivesUnderTheBagDirectoryWithTheDeclarationFirst() {
        List<ZipSurgery.Entry> entries = ZipSurgery.entries(SampleBag.bytes());

        assertThat(entries).extracting(ZipSurgery.Entry::name).allMatch(name -> name.startsWith(SampleBag.NAME + "/"));
        assertThat(entries.get(0).name()).isEqualTo(SampleBag.NAME + "/bagit.txt");
        assertThat(entries).hasSize(10);
    }

    @Test
    void aPercentSignInAPathIsPercentEncodedInTheManifestsAndTheBagStillVerifies() throws IOException {
        byte[] zip = SampleBag.write(Map.of("100% done.txt", new byte[] {42}), Map.of("notes/50%.txt", new byte[] {7}),
                List.of());
        Path file = SampleBag.file(dir, "percent.zip", zip);

        assertThat(new String(BagVerifier.readTagFile(file, "manifest-sha256.txt", 1000), StandardCharsets.UTF_8))
                .endsWith("  data/100%25 done.txt\n");
        assertThat(new String(BagVerifier.readTagFile(file, "tagmanifest-sha256.txt", 1000), StandardCharsets.UTF_8))
                .contains("  notes/50%25.txt\n");
        BagVerifier.Report report = BagVerifier.verify(file);
        assertThat(report.problems()).isEmpty();
        assertThat(report.files()).extracting(BagVerifier.FileResult::path).contains("data/100% done.txt");
    }

    @Test
    void percentEncodingCoversCarriageReturnLineFeedAndPercentAndNothingElse() {
        assertThat(BagPaths.percentEncode("a\r\nb%c d")).isEqualTo("a%0D%0Ab%25c d");
        assertThat(BagPaths.percentDecode("a%0D%0Ab%25c d")).isEqualTo("a\r\nb%c d");
        assertThat(BagPaths.percentDecode("%0d%0a%25%41%2")).isEqualTo("\r\n%%41%2");
        assertThat(BagPaths.percentDecode(BagPaths.percentEncode("%250A"))).isEqualTo("%250A");
    }

    @Test
    void aBagWithoutPayloadIsValidWithAnEmptyPayloadOxum() throws IOException {
        byte[] zip = SampleBag.write(Map.of(), Map.of(), List.of());

        BagVerifier.Report report = BagVerifier.verify(SampleBag.file(dir, "empty.zip", zip));

        assertThat(report.problems()).isEmpty();
        assertThat(report.bagInfo()).containsEntry("Payload-Oxum", "0.0");
    }

    @Test
    void aPayloadFileStreamsBackAsWrittenAndOnlyFromInsideTheBag() throws IOException {
        try (ZipFile zip = new ZipFile(sample().toFile())) {
            try (InputStream in = BagVerifier.openPayload(zip, SampleBag.NAME, "testimonios/declaración de María.txt")) {
                assertThat(in.readAllBytes()).isEqualTo(SampleBag.PAYLOAD.get("testimonios/declaración de María.txt"));
            }
            assertThatThrownBy(() -> BagVerifier.openPayload(zip, SampleBag.NAME, "items/missing.pdf"))
                    .isInstanceOf(NoSuchFileException.class);
            assertThatThrownBy(() -> BagVerifier.openPayload(zip, SampleBag.NAME, "../bagit.txt"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> BagVerifier.openPayload(zip, "..", "items/report.pdf"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void readingATagFileIsBoundedAndRefusesPayloadAndMissingFiles() throws IOException {
        Path zip = sample();
        byte[] json = SampleBag.TAGS.get("metadata/item-1.json");

        assertThat(BagVerifier.readTagFile(zip, "metadata/item-1.json", json.length)).isEqualTo(json);
        assertThatThrownBy(() -> BagVerifier.readTagFile(zip, "metadata/item-1.json", json.length - 1))
                .isInstanceOf(IOException.class).hasMessage("tag file is larger than " + (json.length - 1) + " bytes");
        assertThatThrownBy(() -> BagVerifier.readTagFile(zip, "data/items/report.pdf", 1 << 20))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BagVerifier.readTagFile(zip, "metadata/item-2.json", 1 << 20))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aBagFromAnotherToolWithCrlfTabsUpperCaseHexAndVersion097Verifies() throws IOException {
        byte[] zip = SampleBag.bytes();
        zip = ZipSurgery.change(zip, SampleBag.NAME + "/manifest-sha256.txt", manifest -> new String(manifest,
                StandardCharsets.UTF_8).lines().map(line -> line.substring(0, 64).toUpperCase() + "\t "
                + line.substring(66) + "\r\n").reduce("", String::concat).getBytes(StandardCharsets.UTF_8));
        zip = ZipSurgery.change(zip, SampleBag.NAME + "/bagit.txt",
                old -> "BagIt-Version: 0.97\r\nTag-File-Character-Encoding: UTF-8\r\n".getBytes(StandardCharsets.UTF_8));
        zip = ZipSurgery.change(zip, SampleBag.NAME + "/bag-info.txt", old -> ("External-Description: A long\n"
                + "  description, folded\n" + new String(old, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        zip = ZipSurgery.zip(ZipSurgery.resealed(ZipSurgery.entries(zip), SampleBag.NAME));

        BagVerifier.Report report = BagVerifier.verify(SampleBag.file(dir, "foreign.zip", zip));

        assertThat(report.problems()).isEmpty();
        assertThat(report.bagInfo()).containsEntry("External-Description", "A long description, folded");
    }
}

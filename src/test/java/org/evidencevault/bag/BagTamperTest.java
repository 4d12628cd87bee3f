package org.evidencevault.bag;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * From the valid sample bag, one thing changed at a time, by rewriting the zip entry by entry: one byte of any one
 * file, a payload file missing or added, a tag file added, an entry repeated, an unsafe entry name, a lying size.
 */
class BagTamperTest {

    private static final String TOP = SampleBag.NAME + "/";

    @TempDir
    Path dir;

    private BagVerifier.Report verify(byte[] zip) throws IOException {
        return BagVerifier.verify(SampleBag.file(dir, "tampered.zip", zip));
    }

    static Stream<String> everyEntry() {
        return ZipSurgery.entries(SampleBag.bytes()).stream().map(ZipSurgery.Entry::name);
    }

    @Test
    void theSampleBagRewrittenEntryByEntryWithoutAChangeStillVerifies() throws IOException {
        byte[] rewritten = ZipSurgery.zip(ZipSurgery.entries(SampleBag.bytes()));

        assertThat(verify(rewritten).problems()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEntry")
    void oneByteChangedInAnyOneFileIsReportedAndEveryProblemNamesThatFile(String entry) throws IOException {
        String path = entry.substring(TOP.length());

        BagVerifier.Report report = verify(ZipSurgery.changeOneByte(SampleBag.bytes(), entry));

        assertThat(report.valid()).isFalse();
        assertThat(report.problems()).isNotEmpty().allSatisfy(problem -> assertThat(problem).contains(path));
        assertThat(report.files()).anyMatch(file -> !file.ok());
    }

    @Test
    void aChangedPayloadByteIsReportedByBothPayloadManifestsAndOnlyThatFileIsNotOk() throws IOException {
        BagVerifier.Report report = verify(ZipSurgery.changeOneByte(SampleBag.bytes(), TOP + "data/items/report.pdf"));

        assertThat(report.problems()).containsExactly(
                "data/items/report.pdf: SHA-256 does not match manifest-sha256.txt",
                "data/items/report.pdf: SHA-512 does not match manifest-sha512.txt");
        assertThat(report.files()).filteredOn(file -> !file.ok()).extracting(BagVerifier.FileResult::path)
                .containsExactly("data/items/report.pdf");
    }

    @Test
    void aChangedTagFileByteIsReportedByTheTagManifest() throws IOException {
        BagVerifier.Report report = verify(ZipSurgery.changeOneByte(SampleBag.bytes(), TOP + "metadata/item-1.json"));

        assertThat(report.problems()).containsExactly("tagmanifest-sha256.txt: metadata/item-1.json does not match");
    }

    @Test
    void aMissingPayloadFileIsReportedByBothManifestsAndByThePayloadOxum() throws IOException {
        int size = SampleBag.PAYLOAD.get("items/report.pdf").length;
        long octets = SampleBag.payloadOctets();

        BagVerifier.Report report = verify(ZipSurgery.without(SampleBag.bytes(), TOP + "data/items/report.pdf"));

        assertThat(report.problems()).containsExactlyInAnyOrder(
                "bag-info.txt: Payload-Oxum says 3 files of " + octets + " octets, the bag has 2 files of "
                        + (octets - size) + " octets",
                "manifest-sha256.txt lists data/items/report.pdf, which is not in the bag",
                "manifest-sha512.txt lists data/items/report.pdf, which is not in the bag");
    }

    @Test
    void anExtraPayloadFileIsReportedAsNotListedInEitherManifest() throws IOException {
        long octets = SampleBag.payloadOctets();

        BagVerifier.Report report = verify(ZipSurgery.with(SampleBag.bytes(), TOP + "data/x.bin", new byte[] {1, 2}));

        assertThat(report.problems()).containsExactlyInAnyOrder(
                "bag-info.txt: Payload-Oxum says 3 files of " + octets + " octets, the bag has 4 files of "
                        + (octets + 2) + " octets",
                "data/x.bin: not listed in manifest-sha256.txt",
                "data/x.bin: not listed in manifest-sha512.txt");
        assertThat(report.files()).filteredOn(file -> file.path().equals("data/x.bin")).singleElement()
                .satisfies(file -> assertThat(file.ok()).isFalse());
    }

    @Test
    void anExtraTagFileIsReportedAsNotListedInTheTagManifest() throws IOException {
        BagVerifier.Report report = verify(ZipSurgery.with(SampleBag.bytes(), TOP + "notes.txt", new byte[] {1}));

        assertThat(report.problems()).containsExactly("notes.txt: not listed in tagmanifest-sha256.txt");
    }

    @Test
    void aRepeatedEntryNameIsRefused() throws IOException {
        byte[] withTwin = ZipSurgery.with(SampleBag.bytes(), TOP + "data/items/report.pdX",
                "not the report".getBytes(StandardCharsets.UTF_8));

        BagVerifier.Report report = verify(ZipSurgery.replaceBytes(withTwin, "report.pdX", "report.pdf"));

        assertThat(report.valid()).isFalse();
        assertThat(report.problems()).contains(TOP + "data/items/report.pdf: appears more than once in the zip");
        assertThat(report.files()).filteredOn(file -> file.path().equals("data/items/report.pdf")).singleElement()
                .satisfies(file -> assertThat(file.ok()).isFalse());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"../evil", "/evil", "C:/evil", TOP + "../evil", TOP + "data\\evil.txt",
            TOP + "data/./evil.txt", TOP + "data//evil.txt", TOP + "data/evil\u0000.txt"})
    void anUnsafeEntryNameIsRefusedAndNotRead(String name) throws IOException {
        BagVerifier.Report report = verify(ZipSurgery.with(SampleBag.bytes(), name, new byte[] {1}));

        assertThat(report.problems()).containsExactly(name + ": is not a safe relative path");
        assertThat(report.files()).extracting(BagVerifier.FileResult::path).noneMatch(path -> path.contains("evil"));
    }

    @Test
    void anEntryThatDiffersOnlyInCaseFromAnotherIsReported() throws IOException {
        BagVerifier.Report report = verify(ZipSurgery.with(SampleBag.bytes(), TOP + "data/items/REPORT.pdf",
                new byte[] {1}));

        assertThat(report.problems()).contains(
                TOP + "data/items/REPORT.pdf: differs only in case from " + TOP + "data/items/report.pdf");
    }

    @Test
    void aSecondTopDirectoryMeansTheZipIsNotABag() throws IOException {
        BagVerifier.Report report = verify(ZipSurgery.with(SampleBag.bytes(), "other/readme.txt", new byte[] {1}));

        assertThat(report.problems()).containsExactly("tampered.zip: has 2 top directories, a bag zip has exactly one");
        assertThat(report.bagName()).isEmpty();
    }

    @Test
    void aFileThatIsNotAZipIsReportedNotThrown() throws IOException {
        Path notZip = Files.writeString(dir.resolve("notes.zip"), "just some text");

        assertThat(BagVerifier.verify(notZip).problems()).containsExactly("notes.zip: is not a readable zip file");
    }

    @Test
    void aPayloadThatInflatesBeyondItsDeclaredSizeIsCutOffThere() throws IOException {
        byte[] lying = ZipSurgery.declareSize(SampleBag.bytes(), TOP + "data/items/report.pdf", 100);

        BagVerifier.Report report = verify(lying);

        assertThat(report.problems()).contains("data/items/report.pdf: inflates to more than its declared 100 octets");
        assertThat(report.files()).filteredOn(file -> file.path().equals("data/items/report.pdf")).singleElement()
                .satisfies(file -> {
                    assertThat(file.size()).isEqualTo(101);
                    assertThat(file.sha256()).isEmpty();
                    assertThat(file.ok()).isFalse();
                });
    }

    @Test
    void aPayloadShorterThanItsDeclaredSizeIsReported() throws IOException {
        byte[] lying = ZipSurgery.declareSize(SampleBag.bytes(), TOP + "data/items/report.pdf", 6000);

        assertThat(verify(lying).problems()).contains("data/items/report.pdf: is shorter than its declared 6000 octets");
    }

    @Test
    void aZipDeclaringMoreOctetsThanTheLimitIsNotRead() throws IOException {
        Path zip = SampleBag.file(dir, "big.zip", SampleBag.bytes());

        BagVerifier.Report report = BagVerifier.verify(zip, new BagVerifier.Limits(100_000, 1000));

        assertThat(report.problems()).singleElement().asString()
                .startsWith("big.zip: declares ").endsWith(" octets uncompressed, more than the limit of 1000");
        assertThat(report.files()).isEmpty();
    }

    @Test
    void aZipOfMoreThanOneHundredThousandEntriesIsRefusedBeforeAnyIsRead() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (int i = 0; i <= 100_000; i++) {
                ZipEntry entry = new ZipEntry("b/data/" + i);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(0);
                entry.setCrc(new CRC32().getValue());
                out.putNextEntry(entry);
                out.closeEntry();
            }
        }

        BagVerifier.Report report = BagVerifier.verify(SampleBag.file(dir, "many.zip", bytes.toByteArray()));

        assertThat(report.problems()).containsExactly("many.zip: has more than 100000 entries");
    }
}

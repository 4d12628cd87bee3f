package org.evidencevault.bag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@link BagWriter} refuses, and that a refusal leaves it usable while a failed write does not. */
class BagWriterRulesTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private static InputStream bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return new ByteArrayInputStream(b);
    }

    /** Finishes the bag and checks that what was accepted makes a valid bag. */
    private void assertStillWritesAValidBag(BagWriter writer) throws IOException {
        writer.addPayload("accepted.txt", bytes(1, 2, 3));
        writer.finish(List.of());
        writer.close();
        assertThat(BagVerifier.verify(SampleBag.file(dir, "after.zip", out.toByteArray())).problems()).isEmpty();
    }

    static Stream<Arguments> refusedPaths() {
        return Stream.of(
                Arguments.of("", "path is empty"),
                Arguments.of("/etc/passwd", "path must not start with '/'"),
                Arguments.of("items\\report.pdf", "path must not contain a backslash"),
                Arguments.of("items//report.pdf", "path has an empty segment"),
                Arguments.of("items/", "path has an empty segment"),
                Arguments.of("./report.pdf", "path must not have '.' or '..' segments"),
                Arguments.of("items/../../evil", "path must not have '.' or '..' segments"),
                Arguments.of("..", "path must not have '.' or '..' segments"),
                Arguments.of("report\n.pdf", "path must not contain control characters"),
                Arguments.of("report\r.pdf", "path must not contain control characters"),
                Arguments.of("report\u0000.pdf", "path must not contain control characters"),
                Arguments.of("report\u007f.pdf", "path must not contain control characters"),
                Arguments.of("report\u0085.pdf", "path must not contain control characters"),
                Arguments.of("report\uD800.pdf", "path is not well-formed Unicode"),
                Arguments.of("x".repeat(4097), "path is longer than 4096 UTF-8 bytes"),
                Arguments.of("é".repeat(2049), "path is longer than 4096 UTF-8 bytes"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("refusedPaths")
    void aRefusedPayloadPathThrowsAndLeavesTheWriterUsable(String path, String message) throws IOException {
        BagWriter writer = BagWriter.open(out, "b");

        assertThatThrownBy(() -> writer.addPayload(path, bytes(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
        assertThatThrownBy(() -> writer.addTagFile(path, new byte[] {1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
        assertStillWritesAValidBag(writer);
    }

    @Test
    void aPathOfExactly4096Utf8BytesIsAccepted() throws IOException {
        BagWriter writer = BagWriter.open(out, "b");

        writer.addPayload("é".repeat(2048), bytes(1));
        assertStillWritesAValidBag(writer);
    }

    static Stream<Arguments> clashingPaths() {
        return Stream.of(
                Arguments.of("items/report.pdf", "path is already in the bag"),
                Arguments.of("items/Report.PDF", "path differs only in case from one already in the bag"),
                Arguments.of("ITEMS/REPORT.pdf", "path differs only in case from one already in the bag"),
                Arguments.of("items", "path is a directory of the bag"),
                Arguments.of("Items", "path is a directory of the bag"),
                Arguments.of("items/report.pdf/page-1.png", "path runs through a file of the bag"),
                Arguments.of("items/informe-e\u0301.pdf", "path differs only in case from one already in the bag"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clashingPaths")
    void aPayloadPathThatWouldClashWhenUnpackedIsRefused(String path, String message) throws IOException {
        BagWriter writer = BagWriter.open(out, "b");
        writer.addPayload("items/report.pdf", bytes(1));
        writer.addPayload("items/informe-\u00e9.pdf", bytes(2));

        assertThatThrownBy(() -> writer.addPayload(path, bytes(3))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
        assertStillWritesAValidBag(writer);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bagit.txt", "BagIt.TXT", "bag-info.txt", "fetch.txt", "manifest-sha256.txt",
            "manifest-md5.txt", "Manifest-sha512.txt", "tagmanifest-sha256.txt", "tagmanifest-sha1.txt"})
    void aReservedTagFileNameIsRefused(String path) throws IOException {
        BagWriter writer = BagWriter.open(out, "b");

        assertThatThrownBy(() -> writer.addTagFile(path, new byte[] {1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tag file name is reserved");
        assertStillWritesAValidBag(writer);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"data/notes.txt", "Data/notes.txt", "data"})
    void aTagFileUnderDataIsRefused(String path) throws IOException {
        BagWriter writer = BagWriter.open(out, "b");

        assertThatThrownBy(() -> writer.addTagFile(path, new byte[] {1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tag file must not be under data/");
        assertStillWritesAValidBag(writer);
    }

    @Test
    void tagFilesThatOnlyLookReservedAreAccepted() throws IOException {
        BagWriter writer = BagWriter.open(out, "b");

        writer.addTagFile("metadata/manifest-notes.txt", new byte[] {1});
        writer.addTagFile("database.txt", new byte[] {2});
        writer.addTagFile("metadata/bagit.txt", new byte[] {3});
        assertStillWritesAValidBag(writer);
    }

    @Test
    void aTagFilePathStartingWithASpaceIsRefusedBecauseManifestsCouldNotTellItApart() throws IOException {
        BagWriter writer = BagWriter.open(out, "b");

        assertThatThrownBy(() -> writer.addTagFile(" notes.txt", new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("tag file path must not start with whitespace");
        assertStillWritesAValidBag(writer);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", ".hidden", "a/b", "a b", "ñandú", "a\\b", "..", "bag:1"})
    void aBadBagNameIsRefused(String name) {
        assertThatThrownBy(() -> BagWriter.open(out, name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bag name must be 1 to 100 of A-Z a-z 0-9 . _ -, not starting with '.'");
    }

    @Test
    void aBagNameOfOneHundredAllowedCharactersIsAcceptedAndOneMoreIsNot() throws IOException {
        assertThatCode(() -> BagWriter.open(out, "case-2026_041.v1").close()).doesNotThrowAnyException();
        assertThatCode(() -> BagWriter.open(out, "x".repeat(100)).close()).doesNotThrowAnyException();
        assertThatThrownBy(() -> BagWriter.open(out, "x".repeat(101))).isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<Arguments> refusedBagInfo() {
        return Stream.of(
                Arguments.of(List.of(Map.entry("", "v")), "bag-info label is empty"),
                Arguments.of(List.of(Map.entry("Contact:Name", "v")), "bag-info label must not contain ':'"),
                Arguments.of(List.of(Map.entry(" Contact-Name", "v")),
                        "bag-info label must not start or end with whitespace"),
                Arguments.of(List.of(Map.entry("Contact-Name ", "v")),
                        "bag-info label must not start or end with whitespace"),
                Arguments.of(List.of(Map.entry("Contact\u0007Name", "v")),
                        "bag-info label must not contain control characters"),
                Arguments.of(List.of(Map.entry("Contact-Name", "Ana\nPayload-Oxum: 1.1")),
                        "bag-info value must not contain line breaks or control characters"),
                Arguments.of(List.of(Map.entry("Contact-Name", "Ana\rLuis")),
                        "bag-info value must not contain line breaks or control characters"),
                Arguments.of(List.of(Map.entry("Payload-Oxum", "1.1")), "Payload-Oxum is computed by the writer"),
                Arguments.of(List.of(Map.entry("Bagging-Date", "29/11/2026")), "Bagging-Date must be YYYY-MM-DD"),
                Arguments.of(List.of(Map.entry("Bagging-Date", "2026-11-29"), Map.entry("Bagging-Date", "2026-11-30")),
                        "bag-info label Bagging-Date must not repeat"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("refusedBagInfo")
    void refusedBagInfoThrowsBeforeAnythingIsWritten(List<Map.Entry<String, String>> info, String message)
            throws IOException {
        BagWriter writer = BagWriter.open(out, "b");

        assertThatThrownBy(() -> writer.finish(info)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
        assertStillWritesAValidBag(writer);
    }

    @Test
    void closingWithoutFinishingAbandonsTheZipQuietlyAndClosesTheStream() throws IOException {
        boolean[] closed = {false};
        ByteArrayOutputStream target = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        BagWriter writer = BagWriter.open(target, "b");
        writer.addPayload("report.pdf", bytes(1, 2, 3));

        assertThatCode(writer::close).doesNotThrowAnyException();

        assertThat(closed[0]).isTrue();
        assertThat(target.size()).isPositive();
        Path zip = SampleBag.file(dir, "abandoned.zip", target.toByteArray());
        assertThatThrownBy(() -> new ZipFile(zip.toFile()).close()).isInstanceOf(IOException.class);
        assertThat(BagVerifier.verify(zip).problems()).containsExactly("abandoned.zip: is not a readable zip file");
    }

    @Test
    void aFinishedWriterRefusesMoreFilesAndClosingTwiceIsHarmless() throws IOException {
        BagWriter writer = BagWriter.open(out, "b");
        writer.finish(List.of());

        assertThatThrownBy(() -> writer.addPayload("late.txt", bytes(1))).isInstanceOf(IllegalStateException.class)
                .hasMessage("bag is already finished");
        writer.close();
        assertThatCode(writer::close).doesNotThrowAnyException();
        assertThatThrownBy(() -> writer.addTagFile("late.txt", new byte[] {1}))
                .isInstanceOf(IllegalStateException.class).hasMessage("bag writer is closed");
        assertThat(BagVerifier.verify(SampleBag.file(dir, "finished.zip", out.toByteArray())).problems()).isEmpty();
    }

    @Test
    void aPayloadStreamThatFailsMidwayLeavesTheWriterFailedAndTheZipAbandoned() throws IOException {
        InputStream failing = new InputStream() {
            private int left = 100_000;

            @Override
            public int read() throws IOException {
                if (left == 0) {
                    throw new IOException("disk gone");
                }
                left--;
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = Math.min(len, left);
                if (n == 0 && len > 0) {
                    throw new IOException("disk gone");
                }
                Arrays.fill(b, off, off + n, (byte) 'x');
                left -= n;
                return n;
            }
        };
        BagWriter writer = BagWriter.open(out, "b");

        assertThatThrownBy(() -> writer.addPayload("big.bin", failing)).isInstanceOf(IOException.class)
                .hasMessage("disk gone");
        assertThatThrownBy(() -> writer.finish(List.of())).isInstanceOf(IllegalStateException.class)
                .hasMessage("bag writer failed earlier");
        assertThatCode(writer::close).doesNotThrowAnyException();
        assertThat(BagVerifier.verify(SampleBag.file(dir, "failed.zip", out.toByteArray())).valid()).isFalse();
    }
}

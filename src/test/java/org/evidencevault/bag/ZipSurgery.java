package org.evidencevault.bag;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Rewrites a small zip entry by entry with java.util.zip, changing one thing on the way. */
final class ZipSurgery {

    /** One entry: its name and its (uncompressed) bytes. */
    record Entry(String name, byte[] content) {

        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private ZipSurgery() {
    }

    static List<Entry> entries(byte[] zip) {
        List<Entry> entries = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.add(new Entry(entry.getName(), in.readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    static byte[] zip(List<Entry> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            for (Entry entry : entries) {
                out.putNextEntry(new ZipEntry(entry.name()));
                out.write(entry.content());
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The zip with the middle byte of entry {@code name} XORed with 1, everything else as it was. */
    static byte[] changeOneByte(byte[] zip, String name) {
        return change(zip, name, content -> {
            byte[] changed = content.clone();
            changed[changed.length / 2] ^= 1;
            return changed;
        });
    }

    static byte[] change(byte[] zip, String name, UnaryOperator<byte[]> change) {
        List<Entry> entries = new ArrayList<>();
        boolean found = false;
        for (Entry entry : entries(zip)) {
            found |= entry.name().equals(name);
            entries.add(entry.name().equals(name) ? new Entry(name, change.apply(entry.content())) : entry);
        }
        if (!found) {
            throw new IllegalArgumentException("no entry " + name);
        }
        return zip(entries);
    }

    static byte[] without(byte[] zip, String name) {
        List<Entry> entries = new ArrayList<>(entries(zip));
        if (!entries.removeIf(entry -> entry.name().equals(name))) {
            throw new IllegalArgumentException("no entry " + name);
        }
        return zip(entries);
    }

    static byte[] with(byte[] zip, String name, byte[] content) {
        List<Entry> entries = new ArrayList<>(entries(zip));
        entries.add(new Entry(name, content));
        return zip(entries);
    }

    /** The tag manifest of the bag recomputed over its other tag files, as a tool that wrote them would have. */
    static List<Entry> resealed(List<Entry> entries, String bagName) {
        String manifestName = bagName + "/tagmanifest-sha256.txt";
        StringBuilder manifest = new StringBuilder();
        entries.stream()
                .filter(entry -> !entry.name().equals(manifestName) && !entry.name().startsWith(bagName + "/data/"))
                .forEach(entry -> manifest.append(SampleBag.hex("SHA-256", entry.content())).append("  ")
                        .append(entry.name().substring(bagName.length() + 1)).append('\n'));
        List<Entry> resealed = new ArrayList<>();
        for (Entry entry : entries) {
            resealed.add(entry.name().equals(manifestName)
                    ? new Entry(manifestName, manifest.toString().getBytes(StandardCharsets.UTF_8)) : entry);
        }
        return resealed;
    }

    /** The raw zip bytes with every occurrence of {@code from} replaced by {@code to}, of the same length. */
    static byte[] replaceBytes(byte[] zip, String from, String to) {
        byte[] a = from.getBytes(StandardCharsets.UTF_8);
        byte[] b = to.getBytes(StandardCharsets.UTF_8);
        if (a.length != b.length) {
            throw new IllegalArgumentException("same length only");
        }
        byte[] out = zip.clone();
        for (int i = 0; i + a.length <= out.length; i++) {
            if (Arrays.equals(out, i, i + a.length, a, 0, a.length)) {
                System.arraycopy(b, 0, out, i, b.length);
            }
        }
        return out;
    }

    /** The raw zip bytes with the uncompressed size in the central directory record of {@code name} set to {@code size}. */
    static byte[] declareSize(byte[] zip, String name, int size) {
        byte[] out = zip.clone();
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + 46 + wanted.length <= out.length; i++) {
            if (out[i] == 0x50 && out[i + 1] == 0x4b && out[i + 2] == 0x01 && out[i + 3] == 0x02
                    && little16(out, i + 28) == wanted.length
                    && Arrays.equals(out, i + 46, i + 46 + wanted.length, wanted, 0, wanted.length)) {
                for (int k = 0; k < 4; k++) {
                    out[i + 24 + k] = (byte) (size >>> (8 * k));
                }
                return out;
            }
        }
        throw new IllegalArgumentException("no central directory record for " + name);
    }

    private static int little16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }
}

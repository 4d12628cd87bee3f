package org.evidencevault.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** Metadata stripped from images, pixels untouched, and no half-stripped copy of anything it cannot read. */
class ImageMetadataTest {

    @Test
    void aJpegLosesItsExifXmpIptcAndCommentsAndKeepsEverythingElse() {
        byte[] jfif = segment(0xe0, "JFIF\0\1\1\0\0\1\0\1\0\0");
        byte[] exif = segment(0xe1, "Exif\0\0 GPSLatitude 19.4326 N GPSLongitude 99.1332 W Owner Maria");
        byte[] xmp = segment(0xe1, "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>Maria's phone</x:xmpmeta>");
        byte[] iptc = segment(0xed, "Photoshop 3.0\0 byline Maria");
        byte[] comment = segment(0xfe, "taken at the office of Centro Prodh");
        byte[] icc = segment(0xe2, "ICC_PROFILE\0 sRGB");
        byte[] quant = segment(0xdb, "\0quantisation table");
        byte[] scan = concat(segment(0xda, "\3\1\0\2\0\3\0\0?\0"), "entropy coded bytes \u00ff\u0000 more".getBytes(StandardCharsets.ISO_8859_1),
                new byte[] {(byte) 0xff, (byte) 0xd9});
        byte[] jpeg = concat(new byte[] {(byte) 0xff, (byte) 0xd8}, jfif, exif, xmp, iptc, comment, icc, quant, scan);

        byte[] stripped = ImageMetadata.strip(jpeg, "image/jpeg");

        assertThat(stripped).isEqualTo(concat(new byte[] {(byte) 0xff, (byte) 0xd8}, jfif, icc, quant, scan));
        String text = new String(stripped, StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain("GPS").doesNotContain("Maria").doesNotContain("Prodh");
    }

    @Test
    void aPngLosesItsTextExifAndTimeChunksAndKeepsItsPixels() {
        byte[] ihdr = chunk("IHDR", new byte[13]);
        byte[] text = chunk("tEXt", "Author\0Maria Luisa".getBytes(StandardCharsets.ISO_8859_1));
        byte[] itxt = chunk("iTXt", "Location\0\0\0\0\0Ciudad de Mexico".getBytes(StandardCharsets.ISO_8859_1));
        byte[] exif = chunk("eXIf", "MM\0*GPS".getBytes(StandardCharsets.ISO_8859_1));
        byte[] time = chunk("tIME", new byte[7]);
        byte[] idat = chunk("IDAT", "compressed pixels".getBytes(StandardCharsets.ISO_8859_1));
        byte[] iend = chunk("IEND", new byte[0]);
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};
        byte[] png = concat(signature, ihdr, text, itxt, exif, time, idat, iend);

        assertThat(ImageMetadata.strip(png, "image/png")).isEqualTo(concat(signature, ihdr, idat, iend));
    }

    @Test
    void whatItCannotReadWithCertaintyGivesNoCopy() {
        assertThat(ImageMetadata.strip("%PDF-1.7".getBytes(StandardCharsets.US_ASCII), "application/pdf")).isNull();
        byte[] truncatedJpeg = concat(new byte[] {(byte) 0xff, (byte) 0xd8}, new byte[] {(byte) 0xff, (byte) 0xe1, 0x7f, 0x00, 'E'});
        assertThat(ImageMetadata.strip(truncatedJpeg, "image/jpeg")).isNull();
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};
        assertThat(ImageMetadata.strip(concat(signature, chunk("IHDR", new byte[13])), "image/png")).as("no IEND").isNull();
    }

    private static byte[] segment(int marker, String payload) {
        byte[] p = payload.getBytes(StandardCharsets.ISO_8859_1);
        int length = p.length + 2;
        return concat(new byte[] {(byte) 0xff, (byte) marker, (byte) (length >> 8), (byte) length}, p);
    }

    private static byte[] chunk(String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        long c = crc.getValue();
        return concat(new byte[] {(byte) (data.length >> 24), (byte) (data.length >> 16), (byte) (data.length >> 8), (byte) data.length},
                t, data, new byte[] {(byte) (c >> 24), (byte) (c >> 16), (byte) (c >> 8), (byte) c});
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}

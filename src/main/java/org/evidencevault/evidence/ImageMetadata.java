package org.evidencevault.evidence;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Working copies of images without their metadata: a JPEG without its EXIF and XMP (APP1, where GPS positions,
 * device serial numbers and owner names live), IPTC (APP13) and comments; a PNG without its text chunks
 * ({@code tEXt}, {@code zTXt}, {@code iTXt}), {@code eXIf} and {@code tIME}. The pixels are copied byte for byte.
 * Anything it cannot read with certainty gives null (no copy), never a half-stripped one.
 */
final class ImageMetadata {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};
    private static final Set<String> PNG_DROPPED = Set.of("tEXt", "zTXt", "iTXt", "eXIf", "tIME");

    private ImageMetadata() {
    }

    /** The image without its metadata, or null if the type is not handled or the bytes are not a well-formed image. */
    static byte[] strip(byte[] image, String mediaType) {
        if ("image/jpeg".equals(mediaType)) {
            return jpeg(image);
        }
        if ("image/png".equals(mediaType)) {
            return png(image);
        }
        return null;
    }

    private static byte[] jpeg(byte[] b) {
        if (b.length < 4 || (b[0] & 0xff) != 0xff || (b[1] & 0xff) != 0xd8) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
        out.write(b, 0, 2);
        int i = 2;
        while (i + 4 <= b.length) {
            if ((b[i] & 0xff) != 0xff) {
                return null;
            }
            int marker = b[i + 1] & 0xff;
            if (marker == 0xd9) {
                out.write(b, i, 2);
                return out.toByteArray();
            }
            if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7) || marker == 0xff) {
                // markers without a length
                out.write(b, i, marker == 0xff ? 1 : 2);
                i += marker == 0xff ? 1 : 2;
                continue;
            }
            int length = ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            if (length < 2 || i + 2 + length > b.length) {
                return null;
            }
            boolean drop = marker == 0xe1 || marker == 0xed || marker == 0xfe;
            if (!drop) {
                out.write(b, i, 2 + length);
            }
            i += 2 + length;
            if (marker == 0xda) {
                // start of scan: the entropy-coded data and what follows are copied as they are
                out.write(b, i, b.length - i);
                return out.toByteArray();
            }
        }
        return null;
    }

    private static byte[] png(byte[] b) {
        if (b.length < PNG_SIGNATURE.length) {
            return null;
        }
        for (int k = 0; k < PNG_SIGNATURE.length; k++) {
            if (b[k] != PNG_SIGNATURE[k]) {
                return null;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
        out.write(b, 0, PNG_SIGNATURE.length);
        int i = PNG_SIGNATURE.length;
        while (i + 12 <= b.length) {
            long length = ((long) (b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            if (length > b.length - i - 12L) {
                return null;
            }
            String type = new String(b, i + 4, 4, StandardCharsets.ISO_8859_1);
            int total = (int) (12 + length);
            if (!PNG_DROPPED.contains(type)) {
                out.write(b, i, total);
            }
            i += total;
            if (type.equals("IEND")) {
                return out.toByteArray();
            }
        }
        return null;
    }
}

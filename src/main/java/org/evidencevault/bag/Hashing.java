package org.evidencevault.bag;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 and SHA-512 of a stream of bytes, and its length, updated chunk by chunk as the bytes go past. */
final class Hashing {

    private static final HexFormat HEX = HexFormat.of();

    private final MessageDigest sha256 = digest("SHA-256");
    private final MessageDigest sha512 = digest("SHA-512");
    private long size;

    void update(byte[] bytes, int offset, int length) {
        sha256.update(bytes, offset, length);
        sha512.update(bytes, offset, length);
        size += length;
    }

    long size() {
        return size;
    }

    /** The digests of every byte so far, in lower-case hex; the digests start again afterwards. */
    BagWriter.Digests digests() {
        return new BagWriter.Digests(size, HEX.formatHex(sha256.digest()), HEX.formatHex(sha512.digest()));
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }
}

package org.evidencevault.bag;

import java.util.function.Function;

/** The two checksum algorithms of the bags this library writes and checks, with their manifest file names. */
enum Algorithm {

    SHA256("sha256", "SHA-256", 64, BagWriter.Digests::sha256),
    SHA512("sha512", "SHA-512", 128, BagWriter.Digests::sha512);

    private final String token;
    private final String label;
    private final int hexLength;
    private final Function<BagWriter.Digests, String> digest;

    Algorithm(String token, String label, int hexLength, Function<BagWriter.Digests, String> digest) {
        this.token = token;
        this.label = label;
        this.hexLength = hexLength;
        this.digest = digest;
    }

    /** The name used in problems, e.g. "SHA-256". */
    String label() {
        return label;
    }

    int hexLength() {
        return hexLength;
    }

    String of(BagWriter.Digests digests) {
        return digest.apply(digests);
    }

    String payloadManifest() {
        return "manifest-" + token + ".txt";
    }

    String tagManifest() {
        return "tagmanifest-" + token + ".txt";
    }
}

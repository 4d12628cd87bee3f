package org.evidencevault.bag;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The problems a {@link BagVerifier} finds, in the order found, and which files of the bag they make suspect. */
final class Problems {

    private final List<String> sentences = new ArrayList<>();
    private final Set<String> suspect = new HashSet<>();

    /** A problem of the zip or the bag as a whole. */
    void add(String sentence) {
        sentences.add(sentence);
    }

    /** A problem that makes the file at the bag-relative {@code path} suspect. */
    void about(String path, String sentence) {
        suspect.add(path);
        sentences.add(sentence);
    }

    /** Makes a file suspect because of a problem already reported in other words (e.g. about its zip entry). */
    void flag(String path) {
        suspect.add(path);
    }

    boolean suspect(String path) {
        return suspect.contains(path);
    }

    List<String> list() {
        return List.copyOf(sentences);
    }
}

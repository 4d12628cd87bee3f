package org.evidencevault.bag;

import java.util.HashSet;
import java.util.Set;

/**
 * The paths a {@link BagWriter} has written so far, so that it refuses a second file at the same path, at a path that
 * differs only in case (zips are unpacked on case-insensitive file systems too), at a path that is a directory of
 * the bag, or below a path that is a file of the bag: each of these would make unpacking overwrite or fail.
 */
final class PathClaims {

    private final Set<String> exact = new HashSet<>();
    private final Set<String> foldedFiles = new HashSet<>();
    private final Set<String> foldedDirectories = new HashSet<>();

    /** Records a bag-relative file path, or throws {@link IllegalArgumentException} if it clashes with one before. */
    void claim(String path) {
        String folded = BagPaths.fold(path);
        refuseClash(path, folded);
        exact.add(path);
        foldedFiles.add(folded);
        for (int slash = folded.indexOf('/'); slash >= 0; slash = folded.indexOf('/', slash + 1)) {
            foldedDirectories.add(folded.substring(0, slash));
        }
    }

    private void refuseClash(String path, String folded) {
        if (exact.contains(path)) {
            throw new IllegalArgumentException("path is already in the bag");
        }
        if (foldedFiles.contains(folded)) {
            throw new IllegalArgumentException("path differs only in case from one already in the bag");
        }
        if (foldedDirectories.contains(folded)) {
            throw new IllegalArgumentException("path is a directory of the bag");
        }
        for (int slash = folded.indexOf('/'); slash >= 0; slash = folded.indexOf('/', slash + 1)) {
            if (foldedFiles.contains(folded.substring(0, slash))) {
                throw new IllegalArgumentException("path runs through a file of the bag");
            }
        }
    }
}

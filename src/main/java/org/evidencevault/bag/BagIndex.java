package org.evidencevault.bag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The files of a zip that holds a bag, by path inside the bag's top directory, after the zip-level safety checks:
 * every entry name a safe relative path (not absolute, no '..' or '.' or empty segments, no backslash, no control
 * character), no name twice, no two names that differ only in case, no name both a file and a directory, and
 * everything under one top directory. Entries that fail are reported and left out.
 */
final class BagIndex {

    private final String bagName;
    private final SortedMap<String, ZipEntry> files;

    private BagIndex(String bagName, SortedMap<String, ZipEntry> files) {
        this.bagName = bagName;
        this.files = Collections.unmodifiableSortedMap(files);
    }

    /** Scans the zip's directory (reading no entry), reporting each unsafe entry; the zip is called {@code zipName}. */
    static BagIndex scan(ZipFile zip, String zipName, Problems problems) {
        Scan scan = new Scan(problems);
        for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements(); ) {
            scan.add(all.nextElement());
        }
        if (scan.tops.size() != 1) {
            problems.add(zipName + ": " + (scan.tops.isEmpty() ? "holds no bag directory"
                    : "has " + scan.tops.size() + " top directories, a bag zip has exactly one"));
            return new BagIndex("", new TreeMap<>());
        }
        return new BagIndex(scan.tops.first(), filesUnder(scan.tops.first(), scan, problems));
    }

    /** One pass over the zip's directory. */
    private static final class Scan {

        private final Problems problems;
        private final List<ZipEntry> kept = new ArrayList<>();
        private final SortedSet<String> tops = new TreeSet<>(BagPaths.CODE_POINT_ORDER);
        private final Set<String> names = new HashSet<>();
        private final Set<String> repeated = new HashSet<>();
        private final Set<String> suspect = new HashSet<>();
        private final Map<String, String> folded = new HashMap<>();

        Scan(Problems problems) {
            this.problems = problems;
        }

        void add(ZipEntry entry) {
            if (admit(entry)) {
                tops.add(entry.getName().substring(0, topLength(entry.getName())));
                if (!entry.isDirectory()) {
                    kept.add(entry);
                }
            }
        }

        private boolean admit(ZipEntry entry) {
            String name = entry.getName();
            if (!names.add(name)) {
                if (repeated.add(name)) {
                    problems.add(name + ": appears more than once in the zip");
                }
                suspect.add(name);
                return false;
            }
            if (!isSafe(name)) {
                problems.add(name + ": is not a safe relative path");
                return false;
            }
            if (entry.isDirectory()) {
                return true;
            }
            if (name.indexOf('/') < 0) {
                problems.add(name + ": is outside the bag directory");
                return false;
            }
            String other = folded.putIfAbsent(BagPaths.fold(name), name);
            if (other != null) {
                problems.add(name + ": differs only in case from " + other);
                suspect.add(name);
                suspect.add(other);
            }
            return true;
        }
    }

    private static SortedMap<String, ZipEntry> filesUnder(String top, Scan scan, Problems problems) {
        SortedMap<String, ZipEntry> files = new TreeMap<>(BagPaths.CODE_POINT_ORDER);
        Set<String> directories = new HashSet<>();
        for (ZipEntry entry : scan.kept) {
            String path = entry.getName().substring(top.length() + 1);
            files.put(path, entry);
            if (scan.suspect.contains(entry.getName())) {
                problems.flag(path);
            }
            for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
                directories.add(path.substring(0, slash));
            }
        }
        for (String path : files.keySet()) {
            if (directories.contains(path)) {
                problems.about(path, top + "/" + path + ": is both a file and a directory");
            }
        }
        return files;
    }

    private static boolean isSafe(String name) {
        String path = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        boolean drive = path.length() >= 2 && path.charAt(1) == ':';
        return !drive && !BagPaths.hasControlCharacter(name) && BagPaths.structuralFlaw(path) == null;
    }

    private static int topLength(String name) {
        int slash = name.indexOf('/');
        return slash < 0 ? name.length() : slash;
    }

    /** The name of the bag's top directory, or "" when the zip is not one bag directory. */
    String bagName() {
        return bagName;
    }

    boolean isBag() {
        return !bagName.isEmpty();
    }

    /** The files (not directories) inside the bag directory, by bag-relative path, in code point order. */
    SortedMap<String, ZipEntry> files() {
        return files;
    }
}

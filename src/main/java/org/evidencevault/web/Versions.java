package org.evidencevault.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.evidencevault.common.InvalidInputException;

/** ETags are the record version as a strong entity tag ({@code "3"}); If-Match must name one. */
public final class Versions {

    private static final Pattern TAG = Pattern.compile("^\\s*\"(\\d{1,18})\"\\s*$");

    private Versions() {
    }

    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    public static long fromIfMatch(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new PreconditionRequiredException();
        }
        Matcher m = TAG.matcher(ifMatch);
        if (!m.matches()) {
            throw new InvalidInputException("If-Match", "etag-format", "must be one strong ETag such as \"3\"");
        }
        return Long.parseLong(m.group(1));
    }
}

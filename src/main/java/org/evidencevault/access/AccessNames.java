package org.evidencevault.access;

import java.util.Collection;
import java.util.regex.Pattern;
import org.evidencevault.common.Checks;

/** The shapes of the names the access policy works with: case teams and UN mandate codes, checked the same everywhere. */
public final class AccessNames {

    /** A case team: {@code geneva-desk}. */
    public static final Pattern TEAM = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    /** A UN mandate code: {@code SR_HRD}. */
    public static final Pattern MANDATE = Pattern.compile("[A-Z][A-Z0-9_]{1,39}");

    private AccessNames() {
    }

    /** At most {@code max} team names, each well formed, under {@code field}. */
    public static Checks teams(Checks checks, Collection<String> teams, String field, int max) {
        return checks.require(teams.size() <= max, field, "max-items", "must be at most " + max + " teams")
                .require(teams.stream().allMatch(t -> t != null && TEAM.matcher(t).matches()), field, "format",
                        "each must be 1-40 characters: lower-case letters, digits, '-'");
    }

    /** At most {@code max} mandate codes, each well formed, under {@code field}. */
    public static Checks mandates(Checks checks, Collection<String> mandates, String field, int max) {
        return checks.require(mandates.size() <= max, field, "max-items", "must be at most " + max + " mandates")
                .require(mandates.stream().allMatch(m -> m != null && MANDATE.matcher(m).matches()), field, "format",
                        "each must be a mandate code: 2-40 upper-case letters, digits, '_' (e.g. SR_HRD)");
    }
}

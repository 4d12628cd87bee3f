package org.evidencevault.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.evidencevault.common.Checks;
import org.springframework.stereotype.Component;

/**
 * Passwords as NIST SP 800-63B and OWASP ASVS 5.0 want them: at least 15 characters, accepted up to 1,024,
 * no composition rules, and never a common one. "Common" is checked offline against the 49,233 passwords
 * of zxcvbn's list (shipped in the jar): the password itself, and what is left of it without digits, spaces
 * and punctuation, must not be on it, nor be one of them repeated; it must not contain the username, and
 * must use at least 5 different characters. An offline list cannot know passwords breached after it was
 * made, or passwords the user reuses elsewhere (SECURITY.md).
 */
@Component
public class PasswordPolicy {

    public static final int MIN_LENGTH = 15;
    public static final int MAX_LENGTH = 1024;
    private static final String LIST = "/security/common-passwords.txt.gz";

    private final Set<String> common;

    PasswordPolicy() {
        this.common = load();
    }

    /** Adds the rules {@code password} breaks for {@code username} to {@code checks}, under {@code field}. */
    public Checks check(Checks checks, String username, String password, String field) {
        if (password == null || password.isEmpty()) {
            return checks.requirePresent(password, field);
        }
        int length = password.codePointCount(0, password.length());
        checks.require(length >= MIN_LENGTH, field, "min-length", "must be at least " + MIN_LENGTH + " characters")
                .require(length <= MAX_LENGTH, field, "max-length", "must be at most " + MAX_LENGTH + " characters");
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            return checks;
        }
        String lower = password.toLowerCase(Locale.ROOT);
        String stripped = lower.replaceAll("[\\p{N}\\p{P}\\p{S}\\s]+", "");
        checks.require(!isCommon(lower) && !isCommon(stripped) && !repeatsCommon(stripped) && stripped.length() >= 4, field,
                "common-password", "is too common or too guessable: choose a longer phrase of unrelated words");
        checks.require(username == null || username.length() < 3 || !lower.contains(username.toLowerCase(Locale.ROOT)), field,
                "contains-username", "must not contain the username");
        checks.require(password.codePoints().distinct().count() >= 5, field, "too-simple", "must use at least 5 different characters");
        return checks;
    }

    private boolean isCommon(String s) {
        return common.contains(s);
    }

    /** {@code s} is a common password written two or more times ("passwordpassword"). */
    private boolean repeatsCommon(String s) {
        for (int unit = 1; unit <= s.length() / 2; unit++) {
            if (s.length() % unit == 0 && s.substring(0, unit).repeat(s.length() / unit).equals(s)
                    && (unit < 4 || common.contains(s.substring(0, unit)))) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> load() {
        Set<String> words = new HashSet<>(70_000);
        try (InputStream in = PasswordPolicy.class.getResourceAsStream(LIST)) {
            if (in == null) {
                throw new IllegalStateException("the common password list " + LIST + " is missing from the jar");
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.isEmpty()) {
                        words.add(line);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the common password list", e);
        }
        return words;
    }
}

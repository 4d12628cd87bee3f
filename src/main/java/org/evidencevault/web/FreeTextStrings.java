package org.evidencevault.web;

import org.evidencevault.common.TextRules;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Every string of every JSON request is at least valid free text ({@link TextRules}): no control
 * characters but tab and line breaks, no lone surrogates, no bidirectional overrides. Checked as the
 * string is read, so the refusal names the exact field; stricter rules for identifying fields (names,
 * codes) live in the domain types.
 */
final class FreeTextStrings {

    private FreeTextStrings() {
    }

    static SimpleModule module() {
        return new SimpleModule("free-text-strings").addDeserializer(String.class, new Checked());
    }

    /** A string that broke a text rule; {@code problem} says which (never the text). */
    static final class ForbiddenTextException extends InvalidFormatException {
        private final String problem;

        ForbiddenTextException(JsonParser p, String problem) {
            super(p, problem, null, String.class);
            this.problem = problem;
        }

        String problem() {
            return problem;
        }
    }

    private static final class Checked extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            String s = super.deserialize(p, ctxt);
            String problem = TextRules.freeTextProblem(s);
            if (problem != null) {
                throw new ForbiddenTextException(p, problem);
            }
            return s;
        }
    }
}

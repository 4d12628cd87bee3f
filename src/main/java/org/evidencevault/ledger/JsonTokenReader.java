package org.evidencevault.ledger;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Token-by-token strict reading of untrusted JSON: every value is checked for its type and bounds the moment it
 * is read, so an unexpected member or a value of the wrong kind fails before anything large is built. Errors
 * name the value's path ({@code entries[3].signature}). Syntax errors, duplicate names and stream bounds are
 * the parser's, reported as {@link tools.jackson.core.JacksonException}.
 */
final class JsonTokenReader {

    private final JsonParser parser;

    JsonTokenReader(JsonParser parser) {
        this.parser = parser;
    }

    void startObject(String path) throws MalformedBundleException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new MalformedBundleException(path + " must be a JSON object");
        }
    }

    /** The next member name of the current object, or {@code null} at its end. */
    String nextMember() {
        JsonToken token = parser.nextToken();
        return token == JsonToken.END_OBJECT ? null : parser.currentName();
    }

    void startArray(String path) throws MalformedBundleException {
        if (parser.nextToken() != JsonToken.START_ARRAY) {
            throw new MalformedBundleException(path + " must be a JSON array");
        }
    }

    /** Moves to the next element of the current array: false at its end. */
    boolean nextElement() {
        return parser.nextToken() != JsonToken.END_ARRAY;
    }

    /** Fails unless the current token starts an object (for array elements, after {@link #nextElement()}). */
    void requireObject(String path) throws MalformedBundleException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new MalformedBundleException(path + " must be a JSON object");
        }
    }

    String string(String path, int maxChars) throws MalformedBundleException {
        parser.nextToken();
        return currentString(path, maxChars);
    }

    /** The current token as a string of 1 to {@code maxChars} characters that UTF-8 can encode. */
    String currentString(String path, int maxChars) throws MalformedBundleException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw new MalformedBundleException(path + " must be a string");
        }
        String value = parser.getString();
        if (value.isEmpty() || value.length() > maxChars) {
            throw new MalformedBundleException(path + " must be 1 to " + maxChars + " characters");
        }
        return value;
    }

    /** A string's UTF-8 bytes; fails on lone surrogates, which UTF-8 cannot encode. */
    static byte[] utf8(String value, String path) throws MalformedBundleException {
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(value));
            byte[] out = new byte[bytes.remaining()];
            bytes.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new MalformedBundleException(path + " has a lone surrogate, which UTF-8 cannot encode");
        }
    }

    /** An integer from 0 to 2^53-1, written without fraction or exponent. */
    long integer(String path) throws MalformedBundleException {
        JsonToken token = parser.nextToken();
        if (token != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                || parser.getLongValue() < 0 || parser.getLongValue() > CanonicalJson.MAX_SAFE_INTEGER) {
            throw new MalformedBundleException(path + " must be an integer from 0 to 2^53-1");
        }
        return parser.getLongValue();
    }

    /** Canonical padded base64 of exactly {@code bytes} bytes. */
    byte[] base64(String path, int bytes) throws MalformedBundleException {
        parser.nextToken();
        return currentBase64(path, bytes);
    }

    byte[] currentBase64(String path, int bytes) throws MalformedBundleException {
        byte[] decoded = CanonicalBase64.decodeOrNull(currentString(path, (bytes + 2) / 3 * 4));
        if (decoded == null || decoded.length != bytes) {
            throw new MalformedBundleException(path + " must be canonical base64 of " + bytes + " bytes");
        }
        return decoded;
    }

    /** Fails if anything but whitespace follows the top-level value. */
    void requireEnd() throws MalformedBundleException {
        if (parser.nextToken() != null) {
            throw new MalformedBundleException("content follows the end of the top-level object");
        }
    }
}

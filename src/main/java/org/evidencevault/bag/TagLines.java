package org.evidencevault.bag;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The lines of a tag file, decoded as strict UTF-8 as they stream past, ended by LF, CR or CRLF (RFC 8493 allows
 * all three). Bounded: a line longer than {@value #MAX_LINE_CHARS} characters, or more than {@code maxLines} lines,
 * ends the reading with a {@link TagFileException}, so that a hostile tag file costs no more memory than that.
 */
final class TagLines {

    static final int MAX_LINE_CHARS = 8192;

    private static final char BOM = '\uFEFF';

    private final Reader reader;
    private final int maxLines;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private int lineNumber;
    private boolean startsWithBom;

    TagLines(InputStream in, int maxLines) {
        this.reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        this.maxLines = maxLines;
    }

    /** The next line without its line ending, or null at the end; a byte-order mark before the first is dropped. */
    String next() throws IOException, TagFileException {
        int c = read();
        if (c < 0) {
            return null;
        }
        if (++lineNumber > maxLines) {
            throw new TagFileException("has more than " + maxLines + " lines");
        }
        if (lineNumber == 1 && c == BOM) {
            startsWithBom = true;
            c = read();
        }
        return restOfLine(c);
    }

    private String restOfLine(int first) throws IOException, TagFileException {
        StringBuilder line = new StringBuilder();
        for (int c = first; c >= 0 && c != '\n'; c = read()) {
            if (c == '\r') {
                skipIf('\n');
                break;
            }
            if (line.length() == MAX_LINE_CHARS) {
                throw new TagFileException("line " + lineNumber + " is longer than " + MAX_LINE_CHARS + " characters");
            }
            line.append((char) c);
        }
        return line.toString();
    }

    /** The number of the line {@link #next()} returned last, from 1. */
    int lineNumber() {
        return lineNumber;
    }

    boolean startsWithBom() {
        return startsWithBom;
    }

    private void skipIf(char expected) throws IOException, TagFileException {
        if (fill() && buffer[position] == expected) {
            position++;
        }
    }

    private int read() throws IOException, TagFileException {
        return fill() ? buffer[position++] : -1;
    }

    private boolean fill() throws IOException, TagFileException {
        while (position == limit) {
            try {
                limit = reader.read(buffer);
            } catch (CharacterCodingException e) {
                throw new TagFileException("is not valid UTF-8");
            }
            position = 0;
            if (limit < 0) {
                limit = 0;
                return false;
            }
        }
        return true;
    }
}

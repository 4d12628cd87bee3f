package org.evidencevault.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Strict reading of untrusted signed notes. A note must: be at most {@link SignedNote#MAX_NOTE_BYTES}; be
 * valid UTF-8 without control characters other than newline; end in a newline; have a blank line, the last of
 * which separates text from signatures; have 1 to {@link SignedNote#MAX_SIGNATURES} signature lines, each an
 * em dash, a space, a valid key name, a space and canonical base64 of a 4-byte key ID and at least one byte of
 * signature; and not repeat a (key name, key ID) pair.
 */
final class SignedNoteParser {

    private SignedNoteParser() {
    }

    static SignedNote parse(byte[] encoded) throws MalformedNoteException {
        if (encoded.length > SignedNote.MAX_NOTE_BYTES) {
            throw new MalformedNoteException("note is " + encoded.length + " bytes, more than the "
                    + SignedNote.MAX_NOTE_BYTES + " accepted");
        }
        String note = utf8(encoded);
        String problem = textProblem(note);
        if (problem != null) {
            throw new MalformedNoteException("note " + problem);
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new MalformedNoteException("note has no blank line between its text and its signatures");
        }
        String text = note.substring(0, split + 1);
        String block = note.substring(split + 2);
        if (block.isEmpty()) {
            throw new MalformedNoteException("note has no signature lines after its last blank line");
        }
        String[] lines = block.substring(0, block.length() - 1).split("\n", -1);
        if (lines.length > SignedNote.MAX_SIGNATURES) {
            throw new MalformedNoteException("note has " + lines.length + " signature lines, more than the "
                    + SignedNote.MAX_SIGNATURES + " accepted");
        }
        List<NoteSignature> signatures = new ArrayList<>(lines.length);
        for (int i = 0; i < lines.length; i++) {
            NoteSignature signature = signatureLine(i + 1, lines[i]);
            for (int j = 0; j < signatures.size(); j++) {
                if (signatures.get(j).sameKey(signature)) {
                    throw new MalformedNoteException("signature lines " + (j + 1) + " and " + (i + 1)
                            + " are both from key " + signature);
                }
            }
            signatures.add(signature);
        }
        return new SignedNote(text, signatures);
    }

    /** Why {@code text} cannot be note text (or a whole note), or {@code null} if it can. */
    static String textProblem(String text) {
        if (text.isEmpty() || text.charAt(text.length() - 1) != '\n') {
            return "does not end with a newline";
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n') {
                return String.format("has control character U+%04X at character %d", (int) c, i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "has a lone surrogate at character " + i + ", which UTF-8 cannot encode";
            }
        }
        return null;
    }

    private static NoteSignature signatureLine(int number, String line) throws MalformedNoteException {
        if (!line.startsWith(NoteSignature.PREFIX)) {
            throw new MalformedNoteException("signature line " + number
                    + " does not start with an em dash (U+2014) and a space");
        }
        String rest = line.substring(NoteSignature.PREFIX.length());
        int space = rest.indexOf(' ');
        if (space < 0) {
            throw new MalformedNoteException("signature line " + number + " has no space between key name and signature");
        }
        String name = rest.substring(0, space);
        if (!KeyName.isValid(name)) {
            throw new MalformedNoteException("signature line " + number
                    + " has an invalid key name: it must be non-empty, without spaces or '+'");
        }
        byte[] blob = CanonicalBase64.decodeOrNull(rest.substring(space + 1));
        if (blob == null) {
            throw new MalformedNoteException("signature line " + number + " has a signature that is not canonical base64");
        }
        if (blob.length < 5) {
            throw new MalformedNoteException("signature line " + number + " has " + blob.length
                    + " bytes, fewer than a 4-byte key ID and a signature");
        }
        int keyId = ByteBuffer.wrap(blob, 0, 4).getInt();
        return new NoteSignature(name, keyId, Arrays.copyOfRange(blob, 4, blob.length));
    }

    private static String utf8(byte[] encoded) throws MalformedNoteException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(encoded)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedNoteException("note is not valid UTF-8");
        }
    }
}

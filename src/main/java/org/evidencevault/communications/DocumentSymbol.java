package org.evidencevault.communications;

import java.util.regex.Pattern;

/**
 * UN document symbols such as {@code A/HRC/53/24/Add.2}, {@code A/HRC/17/31}, {@code E/CN.4/2006/95},
 * {@code CCPR/C/GC/34} or {@code S/RES/2231 (2015)}:
 * <pre>
 *   symbol := organ ("/" part)+ ("/" suffix)* [" (" year ")"]       at most 100 characters
 *   organ  := 1 to 10 capital letters                                A, S, E, ST, CCPR, CRC...
 *   part   := capitals and digits, joined by "." or "-"              HRC, 53, CN.4, WG.6, L.1, RES
 *   suffix := ("Add" | "Rev" | "Corr" | "Amend" | "Suppl") "." n     Add.2, Rev.1, Corr.1
 * </pre>
 * Case matters (symbols are printed in capitals with mixed-case suffixes): {@code a/hrc/53/24} is refused.
 */
public final class DocumentSymbol {

    public static final int MAX_LENGTH = 100;

    private static final Pattern SYMBOL = Pattern.compile(
            "^[A-Z]{1,10}(?:/[A-Z0-9]+(?:[.\\-][A-Z0-9]+)*)+(?:/(?:Add|Rev|Corr|Amend|Suppl)\\.[1-9]\\d{0,2})*(?: \\([12]\\d{3}\\))?$");

    private DocumentSymbol() {
    }

    public static boolean isValid(String symbol) {
        return symbol != null && symbol.length() <= MAX_LENGTH && SYMBOL.matcher(symbol).matches();
    }
}

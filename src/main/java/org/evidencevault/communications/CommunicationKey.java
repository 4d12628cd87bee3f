package org.evidencevault.communications;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The identity of a letter: (addressee, number, year). Letters cite earlier ones without their type
 * ("see OTH 211/2021"), so the type is not part of it. Printed {@code OTH 211/2021}; as a record id and
 * in URLs {@code OTH-211-2021}.
 */
public record CommunicationKey(String addressee, int number, int year) {

    private static final Pattern ID = Pattern.compile("^([A-Z]{3})-([1-9]\\d{0,4})-([12]\\d{3})$");

    public CommunicationKey {
        Objects.requireNonNull(addressee, "addressee");
    }

    /** The record id: {@code OTH-211-2021}. */
    public String id() {
        return addressee + "-" + number + "-" + year;
    }

    /** The key of an id made by {@link #id()}, or empty if {@code id} is not one. */
    public static Optional<CommunicationKey> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Matcher m = ID.matcher(id);
        if (!m.matches() || !Reference.isAddressee(m.group(1))) {
            return Optional.empty();
        }
        return Optional.of(new CommunicationKey(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
    }

    /** As letters cite it: {@code OTH 211/2021}. */
    @Override
    public String toString() {
        return addressee + " " + number + "/" + year;
    }
}

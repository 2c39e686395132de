package org.ciers.authority.accreditation;

import java.util.Locale;
import java.util.regex.Pattern;

import org.ciers.authority.shared.InvalidFieldException;

/**
 * What an operator submits to register an organization (spec §2). {@link #validate()} names the
 * first field that is missing or malformed.
 */
public record OrganizationRequest(String name, String type, String contactName, String address,
                                  String country, String email, String phone) {
    static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final int MAX_TEXT = 256;

    public OrganizationRequest validate() {
        text(name, "name");
        text(type, "type");
        text(contactName, "contactName");
        text(address, "address");
        text(country, "country");
        if (!COUNTRY.matcher(country.toUpperCase(Locale.ROOT)).matches()) {
            throw new InvalidFieldException("country", "an ISO 3166 two-letter code, e.g. FR");
        }
        text(email, "email");
        if (!EMAIL.matcher(email).matches()) {
            throw new InvalidFieldException("email", "an email address");
        }
        text(phone, "phone");
        if (!PHONE.matcher(phone.replaceAll("[\\s.-]", "")).matches()) {
            throw new InvalidFieldException("phone", "an international number, e.g. +33123456789");
        }
        return this;
    }

    private static void text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException(field, "required");
        }
        if (value.length() > MAX_TEXT) {
            throw new InvalidFieldException(field, "at most " + MAX_TEXT + " characters");
        }
    }
}

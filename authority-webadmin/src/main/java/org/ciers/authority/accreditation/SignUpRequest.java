package org.ciers.authority.accreditation;

import java.util.Locale;
import java.util.regex.Pattern;

import org.ciers.authority.shared.InvalidFieldException;

/** An organization signing up (spec §2): its data, and the login it will use in the portal. */
public record SignUpRequest(String name, String type, String contactName, String address, String country, String email, String phone,
                            String username, String password) {
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,31}");
    static final int MIN_PASSWORD = 12;

    public OrganizationRequest organization() {
        return new OrganizationRequest(name, type, contactName, address, country, email, phone);
    }

    public SignUpRequest validate() {
        organization().validate();
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new InvalidFieldException("username", "3 to 32 of a-z 0-9 . _ -, starting with a letter or digit");
        }
        if (password == null || password.length() < MIN_PASSWORD || password.length() > 256) {
            throw new InvalidFieldException("password", "at least " + MIN_PASSWORD + " characters");
        }
        boolean letter = password.chars().anyMatch(Character::isLetter);
        boolean other = password.chars().anyMatch(c -> !Character.isLetter(c));
        if (!letter || !other || password.toLowerCase(Locale.ROOT).contains(username)
            || password.chars().distinct().count() < 6) {
            throw new InvalidFieldException("password", "too weak: mix letters with digits or signs, at least 6 different characters, "
                + "not the username");
        }
        return this;
    }

    @Override
    public String toString() {
        return "SignUpRequest[" + username + ", " + email + "]";
    }
}

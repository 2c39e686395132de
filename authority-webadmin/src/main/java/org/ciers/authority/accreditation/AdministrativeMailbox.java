package org.ciers.authority.accreditation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.ciers.protocol.model.DomainName;

/**
 * The addresses of a domain that only its own administrators receive (spec §2, as public
 * certificate authorities use them): the approval of a domain request goes to one of these at the
 * requested domain, picked by the requester, never to an address the requester types.
 */
public enum AdministrativeMailbox {
    ADMIN, ADMINISTRATOR, HOSTMASTER, POSTMASTER, WEBMASTER;

    public String localPart() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String at(DomainName domain) {
        return localPart() + "@" + domain.asString();
    }

    public static Optional<AdministrativeMailbox> of(String localPart) {
        return Arrays.stream(values()).filter(mailbox -> mailbox.localPart().equalsIgnoreCase(localPart.trim())).findFirst();
    }

    /** For messages: {@code admin, administrator, …}. */
    public static String listed() {
        return String.join(", ", Arrays.stream(values()).map(AdministrativeMailbox::localPart).toList());
    }
}

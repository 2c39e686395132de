package org.ciers.authority.accreditation;

/**
 * Delivers a phone confirmation code (spec §2). The phone network is outside the project: the
 * default, {@link LoggingPhoneVerifier}, writes the code to the authority's log; an SMS gateway
 * implements this interface and overrides its binding in {@code CiersAuthorityModule}.
 */
public interface PhoneVerifier {
    void send(String phoneNumber, String code);
}

package org.ciers.authority.service;

/**
 * Delivers a phone confirmation code (spec §2). The phone network is outside the project: the
 * default writes the code to the authority's log; an SMS gateway implements this interface.
 */
@com.google.inject.ImplementedBy(LoggingPhoneVerifier.class)
public interface PhoneVerifier {
    void send(String phoneNumber, String code);
}

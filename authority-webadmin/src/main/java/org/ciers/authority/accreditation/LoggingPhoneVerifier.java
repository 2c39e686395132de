package org.ciers.authority.accreditation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default {@link PhoneVerifier}: the operator reads the code in the log and tells the caller. */
public class LoggingPhoneVerifier implements PhoneVerifier {
    private static final Logger LOGGER = LoggerFactory.getLogger(LoggingPhoneVerifier.class);

    @Override
    public void send(String phoneNumber, String code) {
        LOGGER.info("CIERS phone confirmation code for {}: {}", phoneNumber, code);
    }
}

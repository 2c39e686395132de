package org.ciers.authority.accreditation;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;

import javax.inject.Inject;

import org.ciers.authority.model.OneTimeCode;
import org.ciers.authority.security.SecretGenerator;
import org.ciers.authority.store.OneTimeCodeStore;
import org.ciers.protocol.model.Msid;

import reactor.core.publisher.Mono;

/** Makes one-time codes (long ones for links, six digits for phones) and checks them once; only hashes are kept. */
public class OneTimeCodes {
    private static final int LINK_CODE_BYTES = 20;
    private static final int PHONE_DIGITS = 6;
    /** 64 random bits for six digits: the modulo's bias is negligible. */
    private static final int DIGIT_CODE_BYTES = 8;

    private final OneTimeCodeStore store;
    private final SecretGenerator secrets;
    private final Clock clock;

    @Inject
    public OneTimeCodes(OneTimeCodeStore store, SecretGenerator secrets, Clock clock) {
        this.store = store;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** A code for a link in a mail: 160 random bits, base32. */
    public Mono<String> linkCode(OneTimeCode.Purpose purpose, String subject, Duration validity) {
        String code = Msid.base32(secrets.bytes(LINK_CODE_BYTES));
        return store.put(new OneTimeCode(purpose, subject, hash(purpose, subject, code), clock.instant().plus(validity))).thenReturn(code);
    }

    /** A six-digit code to read out or type (guessing is bounded by the attempt limits of its route). */
    public Mono<String> digitCode(OneTimeCode.Purpose purpose, String subject, Duration validity) {
        int value = new BigInteger(1, secrets.bytes(DIGIT_CODE_BYTES)).mod(BigInteger.TEN.pow(PHONE_DIGITS)).intValue();
        String code = String.format("%0" + PHONE_DIGITS + "d", value);
        return store.put(new OneTimeCode(purpose, subject, hash(purpose, subject, code), clock.instant().plus(validity))).thenReturn(code);
    }

    /** True once for the right, unexpired code. */
    public Mono<Boolean> use(OneTimeCode.Purpose purpose, String subject, String code) {
        if (code == null || code.isBlank() || code.length() > 64) {
            return Mono.just(false);
        }
        return store.consume(purpose, subject, hash(purpose, subject, code.trim()), clock.instant());
    }

    private static String hash(OneTimeCode.Purpose purpose, String subject, String code) {
        return SecretGenerator.sha256Hex(purpose.name() + "\n" + subject + "\n" + code);
    }
}

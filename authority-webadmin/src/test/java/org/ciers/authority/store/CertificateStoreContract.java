package org.ciers.authority.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;

import org.ciers.authority.model.CaKeys;
import org.ciers.authority.model.IssuedCertificate;
import org.junit.jupiter.api.Test;

public interface CertificateStoreContract extends Fixtures {
    CertificateStore certificateStore();

    @Test
    default void theFirstCaKeptIsTheOnlyOne() {
        CaKeys first = new CaKeys("root one", new byte[] {1, 2, 3});
        CaKeys second = new CaKeys("root two", new byte[] {4, 5, 6});

        assertThat(certificateStore().ca().blockOptional()).isEmpty();
        assertThat(certificateStore().initCa(first).block()).isEqualTo(first);
        assertThat(certificateStore().initCa(second).block()).isEqualTo(first);
        assertThat(certificateStore().ca().block()).isEqualTo(first);
    }

    @Test
    default void issuedCertificatesAreListedByDomainAndRevokedWithIt() {
        IssuedCertificate one = new IssuedCertificate(BigInteger.ONE, A, "mx1.a.example", "pem one", NOW.plusSeconds(3600), false);
        IssuedCertificate two = new IssuedCertificate(BigInteger.TWO, A, "mx2.a.example", "pem two", NOW.plusSeconds(3600), false);
        IssuedCertificate other = new IssuedCertificate(BigInteger.TEN, B, "mx.b.example", "pem b", NOW.plusSeconds(3600), false);
        certificateStore().issued(one).block();
        certificateStore().issued(two).block();
        certificateStore().issued(other).block();

        assertThat(certificateStore().byDomain(A).collectList().block()).containsExactly(one, two);
        certificateStore().revokeDomain(A).block();
        assertThat(certificateStore().byDomain(A).collectList().block()).containsExactly(one.asRevoked(), two.asRevoked());
        assertThat(certificateStore().byDomain(B).collectList().block()).containsExactly(other);
    }

    @Test
    default void aDomainsCertificatesComeByMxHostThenSerial() {
        IssuedCertificate second = new IssuedCertificate(BigInteger.ONE, A, "mx2.a.example", "pem", NOW.plusSeconds(3600), false);
        IssuedCertificate tenth = new IssuedCertificate(BigInteger.TEN, A, "mx1.a.example", "pem", NOW.plusSeconds(3600), false);
        IssuedCertificate two = new IssuedCertificate(BigInteger.TWO, A, "mx1.a.example", "pem", NOW.plusSeconds(3600), false);
        certificateStore().issued(second).block();
        certificateStore().issued(tenth).block();
        certificateStore().issued(two).block();

        // serials as numbers: 2 before 10
        assertThat(certificateStore().byDomain(A).collectList().block()).containsExactly(two, tenth, second);
    }
}

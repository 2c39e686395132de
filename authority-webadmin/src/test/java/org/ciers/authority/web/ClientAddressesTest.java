package org.ciers.authority.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.common.net.InetAddresses;

class ClientAddressesTest {
    private final ClientAddresses behindProxy = new ClientAddresses(List.of(InetAddresses.forString("10.0.0.1"),
        InetAddresses.forString("10.0.0.2")));

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        ClientAddresses direct = new ClientAddresses(List.of());

        assertThat(direct.of("192.0.2.1", "198.51.100.7")).isEqualTo("192.0.2.1");
    }

    @Test
    void aPeerThatIsNoTrustedProxyCannotNameAnotherClient() {
        assertThat(behindProxy.of("192.0.2.1", "198.51.100.7")).isEqualTo("192.0.2.1");
    }

    @Test
    void behindTrustedProxiesTheClientIsTheLastUntrustedHop() {
        assertThat(behindProxy.of("10.0.0.1", "198.51.100.7")).isEqualTo("198.51.100.7");
        assertThat(behindProxy.of("10.0.0.1", "203.0.113.9, 198.51.100.7, 10.0.0.2")).isEqualTo("198.51.100.7");
    }

    @Test
    void aProxyWithoutHeaderIsItselfTheClient() {
        assertThat(behindProxy.of("10.0.0.1", null)).isEqualTo("10.0.0.1");
    }

    @Test
    void aHopThatIsNoAddressStopsTheWalkAtTheHopThatWroteIt() {
        assertThat(behindProxy.of("10.0.0.1", "198.51.100.7, evil.example, 10.0.0.2")).isEqualTo("10.0.0.2");
        assertThat(behindProxy.of("10.0.0.1", "garbage")).isEqualTo("10.0.0.1");
    }

    @Test
    void addressesAreWrittenOneWaySoThatTheLimitsCountThemOnce() {
        assertThat(behindProxy.of("10.0.0.1", "2001:DB8:0:0:0:0:0:1")).isEqualTo("2001:db8::1");
    }
}

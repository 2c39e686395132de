package org.ciers.mailets.smta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

class OutboundPolicyTest {
    @Test
    void defaultsKeepMailAndTrustTheJvm() {
        OutboundPolicy policy = OutboundPolicy.from(FakeMailetConfig.builder().mailetName("CiersRemoteDelivery").build());

        assertThat(policy).isEqualTo(new OutboundPolicy(Optional.empty(), Fallback.PLAIN, Fallback.PLAIN, Fallback.RETRY,
            Fallback.RETRY));
    }

    @Test
    void everyParameterIsRead() {
        OutboundPolicy policy = OutboundPolicy.from(FakeMailetConfig.builder().mailetName("CiersRemoteDelivery")
            .setProperty("ciersTrust", "file://conf/ciers-ca.pem")
            .setProperty("ciersWithoutTls", "bounce")
            .setProperty("ciersRefused", " BOUNCE ")
            .setProperty("ciersUnavailable", "plain")
            .setProperty("ciersNotAuthorized", "bounce")
            .build());

        assertThat(policy).isEqualTo(new OutboundPolicy(Optional.of("file://conf/ciers-ca.pem"), Fallback.BOUNCE, Fallback.BOUNCE,
            Fallback.PLAIN, Fallback.BOUNCE));
    }

    @Test
    void aValueOutsideTheParametersChoicesIsRefusedByName() {
        assertThatThrownBy(() -> OutboundPolicy.from(FakeMailetConfig.builder().mailetName("CiersRemoteDelivery")
            .setProperty("ciersWithoutTls", "retry").build()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("ciersWithoutTls must be one of plain, bounce, not 'retry'");
        assertThatThrownBy(() -> OutboundPolicy.from(FakeMailetConfig.builder().mailetName("CiersRemoteDelivery")
            .setProperty("ciersUnavailable", "bounce").build()))
            .hasMessage("ciersUnavailable must be one of retry, plain, not 'bounce'");
    }
}

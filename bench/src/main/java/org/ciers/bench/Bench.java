package org.ciers.bench;

import java.util.List;
import java.util.Map;

import org.ciers.demo.AuthorityAdmin;
import org.ciers.demo.DemoLayout;
import org.ciers.demo.JamesProcess;

/** {@code ./ciers bench}: every measurement of docs/benchmarks.md in one run, printed as a table. */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        DemoLayout layout = DemoLayout.fromSystemProperties();
        try (JamesProcess authority = JamesProcess.startAuthority("bench-authority", layout, Map.of())) {
            AuthorityAdmin admin = new AuthorityAdmin(authority.webAdmin());
            String organization = admin.registerOrganization("Bench", "bench@example.com");
            AuthorityAdmin.Accredited a = admin.accredit(organization, "a.example", List.of("mx.a.example"));
            AuthorityAdmin.Accredited b = admin.accredit(organization, "b.example", List.of("mx.b.example"));
            System.out.println("delivery: plain / CIERS / DKIM, interleaved");
            Map<DeliveryOverhead.Variant, DeliveryOverhead.Figures> delivery =
                DeliveryOverhead.measure(layout, authority.webAdmin(), a, b, Integer.getInteger("bench.warmup", 100), Integer.getInteger("bench.messages", 300));
            System.out.print(DeliveryOverhead.describe(delivery));
        }
    }
}

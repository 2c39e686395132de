package org.ciers.authority.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.ciers.authority.model.Organization;
import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.model.RegisteredDomain;
import org.ciers.authority.model.Transmission;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ReportToken;
import org.ciers.protocol.model.ServerId;

/** Values shared by the store contracts, so every twin is tested on the same data. */
public interface Fixtures {
    /**
     * The tests' present: the real one, because the Cassandra twin computes TTLs and time windows from the
     * wall clock; a fixed date would make rows expire at once (or fall outside a window) as it ages.
     */
    Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    OrganizationId ORGANIZATION_ID = OrganizationId.parse("1b4e28ba-2fa1-11d2-883f-0016d3cca427");
    Organization ORGANIZATION = new Organization(ORGANIZATION_ID, "Example A", "company", "Alice Admin",
        "1 Main Street", "FR", "admin@a.example", "+33123456789", NOW);
    DomainName A = DomainName.of("a.example");
    DomainName B = DomainName.of("b.example");
    DomainName C = DomainName.of("c.example");
    ServerId A_ID = ServerId.of("AAAAAAAAAAAAAAAAAAA1");
    ServerId B_ID = ServerId.of("BBBBBBBBBBBBBBBBBBB2");
    ServerId C_ID = ServerId.of("CCCCCCCCCCCCCCCCCCC3");
    RegisteredDomain DOMAIN_A = new RegisteredDomain(A, ORGANIZATION_ID, A_ID, "pbkdf2-sha256$1$c2FsdA$aGFzaA",
        List.of("mx.a.example"), NOW);
    RegisteredDomain DOMAIN_B = new RegisteredDomain(B, ORGANIZATION_ID, B_ID, "pbkdf2-sha256$1$c2FsdA$aGFzaA",
        List.of("mx1.b.example", "mx2.b.example"), NOW);
    ReportToken TOKEN = ReportToken.of("tok_0123456789abcdef");

    static MessageId messageId(int n) {
        return MessageId.of("ciers.MSG" + String.format("%029d", n));
    }

    static Transmission transmission(int n, DomainName sender, DomainName recipient) {
        return Transmission.issued(messageId(n), A_ID, sender, recipient, NOW.plusSeconds(n), NOW.plusSeconds(3600 + n));
    }
}

package org.ciers.authority.cassandra;

import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.bindMarker;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.insertInto;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.literal;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.selectFrom;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.update;
import static org.ciers.authority.cassandra.table.CertificateTables.CA_TABLE_NAME;
import static org.ciers.authority.cassandra.table.CertificateTables.DOMAIN;
import static org.ciers.authority.cassandra.table.CertificateTables.ENCRYPTED_KEY;
import static org.ciers.authority.cassandra.table.CertificateTables.MX_HOST;
import static org.ciers.authority.cassandra.table.CertificateTables.NAME;
import static org.ciers.authority.cassandra.table.CertificateTables.NOT_AFTER;
import static org.ciers.authority.cassandra.table.CertificateTables.PEM;
import static org.ciers.authority.cassandra.table.CertificateTables.REVOKED;
import static org.ciers.authority.cassandra.table.CertificateTables.ROOT;
import static org.ciers.authority.cassandra.table.CertificateTables.ROOT_PEM;
import static org.ciers.authority.cassandra.table.CertificateTables.SERIAL;
import static org.ciers.authority.cassandra.table.CertificateTables.TABLE_NAME;

import java.nio.ByteBuffer;

import org.ciers.authority.model.CaKeys;
import org.ciers.authority.model.IssuedCertificate;
import org.ciers.authority.store.CertificateStore;
import org.ciers.protocol.model.DomainName;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The CA keys (one row, created once for every node with IF NOT EXISTS) and issued certificates by domain. */
public final class CassandraCertificateStore implements CertificateStore {
    private final CqlExecutor cql;
    private final PreparedStatement insertCa;
    private final PreparedStatement selectCa;
    private final PreparedStatement insert;
    private final PreparedStatement selectByDomain;
    private final PreparedStatement revoke;

    CassandraCertificateStore(CqlExecutor cql) {
        this.cql = cql;
        this.insertCa = cql.prepare(insertInto(CA_TABLE_NAME)
            .value(NAME, literal(ROOT))
            .value(ROOT_PEM, bindMarker(ROOT_PEM))
            .value(ENCRYPTED_KEY, bindMarker(ENCRYPTED_KEY))
            .ifNotExists());
        this.selectCa = cql.prepare(selectFrom(CA_TABLE_NAME).all().whereColumn(NAME).isEqualTo(literal(ROOT)));
        this.insert = cql.prepare(insertInto(TABLE_NAME)
            .value(DOMAIN, bindMarker(DOMAIN))
            .value(MX_HOST, bindMarker(MX_HOST))
            .value(SERIAL, bindMarker(SERIAL))
            .value(PEM, bindMarker(PEM))
            .value(NOT_AFTER, bindMarker(NOT_AFTER))
            .value(REVOKED, bindMarker(REVOKED)));
        this.selectByDomain = cql.prepare(selectFrom(TABLE_NAME).all().whereColumn(DOMAIN).isEqualTo(bindMarker(DOMAIN)));
        this.revoke = cql.prepare(update(TABLE_NAME)
            .setColumn(REVOKED, literal(true))
            .whereColumn(DOMAIN).isEqualTo(bindMarker(DOMAIN))
            .whereColumn(MX_HOST).isEqualTo(bindMarker(MX_HOST))
            .whereColumn(SERIAL).isEqualTo(bindMarker(SERIAL)));
    }

    @Override
    public Mono<CaKeys> initCa(CaKeys candidate) {
        return cql.execute(insertCa.bind()
                .setString(ROOT_PEM, candidate.rootPem())
                .setByteBuffer(ENCRYPTED_KEY, ByteBuffer.wrap(candidate.encryptedPrivateKey())))
            .then(ca());
    }

    @Override
    public Mono<CaKeys> ca() {
        return cql.one(selectCa.bind()).map(row -> new CaKeys(row.getString(ROOT_PEM), CqlExecutor.bytes(row, ENCRYPTED_KEY)));
    }

    @Override
    public Mono<Void> issued(IssuedCertificate certificate) {
        return cql.execute(insert.bind()
            .setString(DOMAIN, certificate.domain().asString())
            .setString(MX_HOST, certificate.mxHost())
            .setBigInteger(SERIAL, certificate.serial())
            .setString(PEM, certificate.pem())
            .setInstant(NOT_AFTER, certificate.notAfter())
            .setBoolean(REVOKED, certificate.revoked()));
    }

    @Override
    public Flux<IssuedCertificate> byDomain(DomainName domain) {
        return cql.rows(selectByDomain.bind().setString(DOMAIN, domain.asString())).map(CassandraCertificateStore::certificate);
    }

    @Override
    public Mono<Void> revokeDomain(DomainName domain) {
        return byDomain(domain)
            .concatMap(certificate -> cql.execute(revoke.bind()
                .setString(DOMAIN, domain.asString())
                .setString(MX_HOST, certificate.mxHost())
                .setBigInteger(SERIAL, certificate.serial())))
            .then();
    }

    private static IssuedCertificate certificate(Row row) {
        return new IssuedCertificate(row.getBigInteger(SERIAL), DomainName.of(row.getString(DOMAIN)), row.getString(MX_HOST),
            row.getString(PEM), row.getInstant(NOT_AFTER), row.getBoolean(REVOKED));
    }
}

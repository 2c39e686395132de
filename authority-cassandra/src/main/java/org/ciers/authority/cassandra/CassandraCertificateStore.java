package org.ciers.authority.cassandra;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;

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
    static final String CA_TABLE = "certificate_authority";
    static final String TABLE = "certificates";
    static final String NAME = "name";
    static final String ROOT_PEM = "root_pem";
    static final String ENCRYPTED_KEY = "encrypted_key";
    static final String DOMAIN = "domain";
    static final String MX_HOST = "mx_host";
    static final String SERIAL = "serial";
    static final String PEM = "pem";
    static final String NOT_AFTER = "not_after";
    static final String REVOKED = "revoked";
    private static final String ROOT = "root";
    static final String CA_SCHEMA = "CREATE TABLE IF NOT EXISTS " + CA_TABLE + " (" + NAME + " text PRIMARY KEY, " + ROOT_PEM + " text, "
        + ENCRYPTED_KEY + " blob)";
    static final String SCHEMA = "CREATE TABLE IF NOT EXISTS " + TABLE + " (" + DOMAIN + " text, " + MX_HOST + " text, " + SERIAL + " varint, "
        + PEM + " text, " + NOT_AFTER + " timestamp, " + REVOKED + " boolean, PRIMARY KEY (" + DOMAIN + ", " + MX_HOST + ", " + SERIAL + "))";

    private final CqlExecutor cql;
    private final PreparedStatement insertCa;
    private final PreparedStatement selectCa;
    private final PreparedStatement insert;
    private final PreparedStatement selectByDomain;
    private final PreparedStatement revoke;

    CassandraCertificateStore(CqlExecutor cql) {
        this.cql = cql;
        this.insertCa = cql.session().prepare("INSERT INTO " + CA_TABLE + " (" + NAME + ", " + ROOT_PEM + ", " + ENCRYPTED_KEY
            + ") VALUES ('" + ROOT + "', ?, ?) IF NOT EXISTS");
        this.selectCa = cql.session().prepare("SELECT * FROM " + CA_TABLE + " WHERE " + NAME + " = '" + ROOT + "'");
        this.insert = cql.session().prepare("INSERT INTO " + TABLE + " (" + DOMAIN + ", " + MX_HOST + ", " + SERIAL + ", " + PEM + ", "
            + NOT_AFTER + ", " + REVOKED + ") VALUES (?, ?, ?, ?, ?, ?)");
        this.selectByDomain = cql.session().prepare("SELECT * FROM " + TABLE + " WHERE " + DOMAIN + " = ?");
        this.revoke = cql.session().prepare("UPDATE " + TABLE + " SET " + REVOKED + " = true WHERE " + DOMAIN + " = ? AND " + MX_HOST
            + " = ? AND " + SERIAL + " = ?");
    }

    @Override
    public Mono<CaKeys> initCa(CaKeys candidate) {
        return cql.execute(insertCa.bind(candidate.rootPem(), ByteBuffer.wrap(candidate.encryptedPrivateKey()))).then(ca());
    }

    @Override
    public Mono<CaKeys> ca() {
        return cql.one(selectCa.bind()).map(row -> {
            ByteBuffer key = row.getByteBuffer(ENCRYPTED_KEY);
            byte[] bytes = new byte[key.remaining()];
            key.get(bytes);
            return new CaKeys(row.getString(ROOT_PEM), bytes);
        });
    }

    @Override
    public Mono<Void> issued(IssuedCertificate certificate) {
        return cql.execute(insert.bind(certificate.domain().asString(), certificate.mxHost(), certificate.serial(), certificate.pem(),
            certificate.notAfter(), certificate.revoked()));
    }

    @Override
    public Flux<IssuedCertificate> byDomain(DomainName domain) {
        return cql.rows(selectByDomain.bind(domain.asString())).map(CassandraCertificateStore::certificate);
    }

    @Override
    public Mono<Void> revokeDomain(DomainName domain) {
        return byDomain(domain)
            .concatMap(certificate -> cql.execute(revoke.bind(domain.asString(), certificate.mxHost(), certificate.serial())))
            .then();
    }

    private static IssuedCertificate certificate(Row row) {
        BigInteger serial = row.getBigInteger(SERIAL);
        return new IssuedCertificate(serial, DomainName.of(row.getString(DOMAIN)), row.getString(MX_HOST), row.getString(PEM),
            row.get(NOT_AFTER, Instant.class), row.getBoolean(REVOKED));
    }
}

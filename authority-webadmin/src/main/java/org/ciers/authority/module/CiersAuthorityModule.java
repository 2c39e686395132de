package org.ciers.authority.module;

import java.io.FileNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.ciers.authority.AuthorityConfiguration;
import org.ciers.authority.analytics.Analytics;
import org.ciers.authority.analytics.AnalyticsConfiguration;
import org.ciers.authority.analytics.AnalyticsRecording;
import org.ciers.authority.analytics.TouchedDomains;
import org.ciers.authority.accreditation.LoggingPhoneVerifier;
import org.ciers.authority.accreditation.PhoneVerifier;
import org.ciers.authority.federation.Federation;
import org.ciers.authority.federation.FederationConfiguration;
import org.ciers.authority.security.CredentialVerifier;
import org.ciers.authority.security.PassphraseHasher;
import org.ciers.authority.security.SecretGenerator;
import org.ciers.authority.store.AccountStore;
import org.ciers.authority.store.AuditLogStore;
import org.ciers.authority.store.AuthorityStores;
import org.ciers.authority.store.AuthorityStoresFactory;
import org.ciers.authority.store.CertificateStore;
import org.ciers.authority.store.CachingDomainStore;
import org.ciers.authority.store.DomainRequestStore;
import org.ciers.authority.store.DomainStore;
import org.ciers.authority.store.OneTimeCodeStore;
import org.ciers.authority.store.OrganizationStore;
import org.ciers.authority.store.PeerOutboxStore;
import org.ciers.authority.store.PeerStore;
import org.ciers.authority.store.ReceiptStore;
import org.ciers.authority.store.ReportStore;
import org.ciers.authority.store.SessionStore;
import org.ciers.authority.store.SigningKeyStore;
import org.ciers.authority.store.TransmissionStore;
import org.ciers.authority.store.TrustCounterStore;
import org.ciers.authority.transmission.PeerAuthorities;
import org.ciers.protocol.settings.CiersProperties;
import org.ciers.protocol.xml.CiersXml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;

/**
 * Makes a James server a CIERS authority. Listed in {@code extensions.properties}
 * ({@code guice.extension.module}); the routes it serves are listed in {@code webadmin.properties}
 * ({@code extensions.routes}). Settings come from {@code ciers.properties}.
 */
public class CiersAuthorityModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(CiersAuthorityModule.class);
    public static final String CONFIGURATION_NAME = "ciers";

    @Override
    protected void configure() {
        bind(SecretGenerator.class).in(Scopes.SINGLETON);
        bind(CiersXml.class).in(Scopes.SINGLETON);
        // an SMS gateway replaces this binding: Modules.override(new CiersAuthorityModule()).with(its own)
        bind(PhoneVerifier.class).to(LoggingPhoneVerifier.class).in(Scopes.SINGLETON);
        bind(PeerAuthorities.class).to(Federation.class).in(Scopes.SINGLETON);
        // forwards the analytics outbox from start-up, whether or not its routes are listed
        bind(Analytics.class).asEagerSingleton();
    }

    @Provides
    @Singleton
    CiersProperties settings(PropertiesProvider propertiesProvider) throws ConfigurationException {
        try {
            Configuration configuration = propertiesProvider.getConfiguration(CONFIGURATION_NAME);
            return new CiersProperties(key -> configuration.getString(key, null));
        } catch (FileNotFoundException e) {
            LOGGER.info("no {}.properties: the authority runs with its defaults", CONFIGURATION_NAME);
            return new CiersProperties(key -> null);
        }
    }

    @Provides
    @Singleton
    AuthorityConfiguration configuration(CiersProperties settings) {
        return AuthorityConfiguration.from(settings);
    }

    /** The stores of the kind {@code authority.store} names, found among the installed store modules. */
    @Provides
    @Singleton
    AuthorityStores stores(AuthorityConfiguration configuration, CiersProperties settings, AnalyticsConfiguration analytics,
                           TouchedDomains touched) {
        List<String> kinds = new ArrayList<>();
        for (AuthorityStoresFactory factory : ServiceLoader.load(AuthorityStoresFactory.class, CiersAuthorityModule.class.getClassLoader())) {
            if (factory.kind().equals(configuration.store())) {
                LOGGER.info("CIERS authority stores: {}", factory.kind());
                AuthorityStores stores = factory.create(settings);
                return analytics.enabled() ? AnalyticsRecording.wrap(stores, touched) : stores;
            }
            kinds.add(factory.kind());
        }
        throw new IllegalArgumentException(AuthorityConfiguration.STORE + "=" + configuration.store() + " but the installed store kinds are "
            + kinds + " (authority-cassandra must be in extensions-jars for cassandra)");
    }

    @Provides
    OrganizationStore organizations(AuthorityStores stores) {
        return stores.organizations();
    }

    @Provides
    @Singleton
    DomainStore domains(AuthorityStores stores, AuthorityConfiguration configuration) {
        if (configuration.domainCacheTtl().isZero()) {
            return stores.domains();
        }
        return new CachingDomainStore(stores.domains(), configuration.domainCacheTtl());
    }

    @Provides
    TransmissionStore transmissions(AuthorityStores stores) {
        return stores.transmissions();
    }

    @Provides
    ReportStore reports(AuthorityStores stores) {
        return stores.reports();
    }

    @Provides
    TrustCounterStore trustCounters(AuthorityStores stores) {
        return stores.trustCounters();
    }

    @Provides
    AccountStore accounts(AuthorityStores stores) {
        return stores.accounts();
    }

    @Provides
    OneTimeCodeStore codes(AuthorityStores stores) {
        return stores.codes();
    }

    @Provides
    SessionStore sessions(AuthorityStores stores) {
        return stores.sessions();
    }

    @Provides
    DomainRequestStore domainRequests(AuthorityStores stores) {
        return stores.domainRequests();
    }

    @Provides
    CertificateStore certificates(AuthorityStores stores) {
        return stores.certificates();
    }

    @Provides
    AuditLogStore auditLog(AuthorityStores stores) {
        return stores.auditLog();
    }

    @Provides
    SigningKeyStore signingKeys(AuthorityStores stores) {
        return stores.signingKeys();
    }

    @Provides
    ReceiptStore receipts(AuthorityStores stores) {
        return stores.receipts();
    }

    @Provides
    PeerStore peers(AuthorityStores stores) {
        return stores.peers();
    }

    @Provides
    PeerOutboxStore peerOutbox(AuthorityStores stores) {
        return stores.peerOutbox();
    }

    @Provides
    @Singleton
    FederationConfiguration federation(CiersProperties settings) {
        return FederationConfiguration.from(settings);
    }

    @Provides
    @Singleton
    AnalyticsConfiguration analytics(CiersProperties settings) {
        return AnalyticsConfiguration.from(settings);
    }

    @Provides
    @Singleton
    PassphraseHasher passphraseHasher(AuthorityConfiguration configuration, SecretGenerator secrets) {
        return new PassphraseHasher(configuration.passphraseHashIterations(), secrets);
    }

    @Provides
    @Singleton
    CredentialVerifier credentialVerifier(PassphraseHasher hasher, SecretGenerator secrets, AuthorityConfiguration configuration) {
        return new CredentialVerifier(hasher, secrets, configuration.credentialCacheSize());
    }
}

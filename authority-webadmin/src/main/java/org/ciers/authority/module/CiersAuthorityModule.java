package org.ciers.authority.module;

import java.io.FileNotFoundException;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.utils.PropertiesProvider;
import org.ciers.authority.AuthorityConfiguration;
import org.ciers.authority.security.CredentialVerifier;
import org.ciers.authority.security.PassphraseHasher;
import org.ciers.authority.security.SecretGenerator;
import org.ciers.authority.store.DomainStore;
import org.ciers.authority.store.OrganizationStore;
import org.ciers.authority.store.ReportStore;
import org.ciers.authority.store.TransmissionStore;
import org.ciers.authority.store.TrustCounterStore;
import org.ciers.authority.store.memory.MemoryDomainStore;
import org.ciers.authority.store.memory.MemoryOrganizationStore;
import org.ciers.authority.store.memory.MemoryReportStore;
import org.ciers.authority.store.memory.MemoryTransmissionStore;
import org.ciers.authority.store.memory.MemoryTrustCounterStore;
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
        bind(MemoryOrganizationStore.class).in(Scopes.SINGLETON);
        bind(MemoryDomainStore.class).in(Scopes.SINGLETON);
        bind(MemoryTransmissionStore.class).in(Scopes.SINGLETON);
        bind(MemoryReportStore.class).in(Scopes.SINGLETON);
        bind(MemoryTrustCounterStore.class).in(Scopes.SINGLETON);
        bind(OrganizationStore.class).to(MemoryOrganizationStore.class);
        bind(DomainStore.class).to(MemoryDomainStore.class);
        bind(TransmissionStore.class).to(MemoryTransmissionStore.class);
        bind(ReportStore.class).to(MemoryReportStore.class);
        bind(TrustCounterStore.class).to(MemoryTrustCounterStore.class);

        bind(SecretGenerator.class).in(Scopes.SINGLETON);
        bind(CiersXml.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    AuthorityConfiguration configuration(PropertiesProvider propertiesProvider) throws ConfigurationException {
        try {
            return AuthorityConfiguration.from(propertiesProvider.getConfiguration(CONFIGURATION_NAME));
        } catch (FileNotFoundException e) {
            LOGGER.info("no {}.properties: the authority runs with its defaults", CONFIGURATION_NAME);
            return AuthorityConfiguration.DEFAULT;
        }
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

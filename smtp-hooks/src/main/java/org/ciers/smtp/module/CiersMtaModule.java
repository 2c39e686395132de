package org.ciers.smtp.module;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Optional;

import javax.net.ssl.SSLContext;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.utils.PropertiesProvider;
import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.client.MessageIdPool;
import org.ciers.protocol.settings.CiersProperties;
import org.ciers.protocol.xml.CiersXml;
import org.ciers.smtp.metrics.CiersMetrics;
import org.ciers.smtp.mta.MtaConfiguration;
import org.ciers.smtp.sirp.SirpConfiguration;
import org.ciers.smtp.tls.TrustedCertificates;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;

/**
 * Makes a James server a CIERS mail server: its settings from {@code ciers.properties}, one
 * pooled {@link AuthorityClient} shared by the SMTP handlers and the mailets, and one
 * {@link MessageIdPool} shared by every sending mailet. Listed in {@code extensions.properties}
 * ({@code guice.extension.module}).
 */
public class CiersMtaModule extends AbstractModule {
    public static final String CONFIGURATION_NAME = "ciers";

    @Override
    protected void configure() {
        bind(CiersXml.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    MtaConfiguration configuration(PropertiesProvider propertiesProvider) throws ConfigurationException {
        return MtaConfiguration.from(ciersProperties(propertiesProvider));
    }

    @Provides
    @Singleton
    SirpConfiguration sirpConfiguration(PropertiesProvider propertiesProvider) throws ConfigurationException {
        return SirpConfiguration.from(ciersProperties(propertiesProvider));
    }

    @Provides
    @Singleton
    AuthorityClient authorityClient(MtaConfiguration configuration, CiersXml xml, FileSystem fileSystem) {
        Optional<SSLContext> trust = Optional.empty();
        if (configuration.authorityTrust().isPresent()) {
            try {
                trust = Optional.of(TrustedCertificates.tlsContext(configuration.authorityTrust(), fileSystem));
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException(MtaConfiguration.AUTHORITY_TRUST + ": " + e.getMessage(), e);
            }
        }
        return new AuthorityClient(configuration.clientSettings(trust), xml);
    }

    @Provides
    @Singleton
    MessageIdPool messageIdPool(AuthorityClient authority, MtaConfiguration configuration, CiersMetrics metrics) {
        // every auth_to_send is timed, whether a delivery or a background refill asks
        MessageIdPool pool = new MessageIdPool(request -> metrics.timeAuthToSend(() -> authority.authToSend(request)),
            configuration.messageIdPool(), Clock.systemUTC(), metrics);
        metrics.gaugeUsableIds(pool);
        return pool;
    }

    private static CiersProperties ciersProperties(PropertiesProvider propertiesProvider) throws ConfigurationException {
        try {
            Configuration configuration = propertiesProvider.getConfiguration(CONFIGURATION_NAME);
            return new CiersProperties(key -> configuration.getString(key, null));
        } catch (FileNotFoundException e) {
            throw new IllegalStateException("a CIERS mail server needs conf/ciers.properties (see docs/rmta.md)", e);
        }
    }
}

package org.ciers.smtp.module;

import java.io.FileNotFoundException;
import java.util.List;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.utils.PropertiesProvider;
import org.apache.james.utils.UserDefinedStartable;
import org.ciers.protocol.settings.StartupReport;
import org.ciers.smtp.metrics.AuthorityHealthCheck;
import org.ciers.smtp.mta.MtaConfiguration;
import org.ciers.smtp.rmta.CiersCmdHandler;
import org.ciers.smtp.rmta.CiersMessageHook;
import org.ciers.smtp.sirp.SirpConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mail server's start-up summary ({@code extensions.properties} {@code guice.extension.startable}):
 * which SMTP servers offer CIERS, whether outgoing mail uses it, what is stamped and reported, the
 * authority and the validation mode, SIRP; and each piece configured half, named at ERROR.
 */
public class MtaStartupReport implements UserDefinedStartable {
    private static final Logger LOGGER = LoggerFactory.getLogger(MtaStartupReport.class);
    static final String ROLE = "CIERS mail server";
    // named as text: these classes live in the mailets module, which this one does not see
    static final String STAMP = "org.ciers.mailets.rmta.StampCiersHeaders";
    static final String DELIVERY = "org.ciers.mailets.smta.CiersRemoteDelivery";
    static final String REPORT_LISTENER = "org.ciers.mailets.report.SpamReportListener";
    static final String REPORT_ROUTES = "org.ciers.mailets.report.ReportRoutes";
    static final String SAMPLE_SERVER_ID_PREFIX = "REPLACE";

    /** One {@code <smtpserver>} block as the report reads it. */
    record SmtpServer(String name, String bind, boolean startTls, List<String> handlers) {
        boolean offersCiers() {
            return handlers.contains(CiersCmdHandler.class.getName());
        }
    }

    /** What the report reads from James's configuration files. */
    record Installed(List<SmtpServer> smtpServers, List<String> mailets, List<String> listeners, List<String> routes,
                     List<String> healthChecks) {
    }

    private final MtaConfiguration configuration;
    private final SirpConfiguration sirp;
    private final ConfigurationProvider configurations;
    private final PropertiesProvider properties;

    @Inject
    public MtaStartupReport(MtaConfiguration configuration, SirpConfiguration sirp, ConfigurationProvider configurations,
                            PropertiesProvider properties) {
        this.configuration = configuration;
        this.sirp = sirp;
        this.configurations = configurations;
        this.properties = properties;
    }

    @Override
    public void start() {
        try {
            report(read(), configuration, sirp).log(LOGGER);
        } catch (ConfigurationException | RuntimeException e) {
            LOGGER.error("{}: the start-up summary could not read James's configuration: {}", ROLE, e.toString());
        }
    }

    private Installed read() throws ConfigurationException {
        List<SmtpServer> servers = configurations.getConfiguration("smtpserver").configurationsAt("smtpserver").stream()
            .map(MtaStartupReport::smtpServer)
            .toList();
        HierarchicalConfiguration<ImmutableNode> container = configurations.getConfiguration("mailetcontainer");
        HierarchicalConfiguration<ImmutableNode> listeners = configurations.getConfiguration("listeners");
        return new Installed(servers, container.getList(String.class, "processors.processor.mailet[@class]", List.of()),
            listeners.getList(String.class, "listener.class", List.of()), listed("webadmin", "extensions.routes"),
            listed("healthcheck", "additional.healthchecks"));
    }

    private static SmtpServer smtpServer(HierarchicalConfiguration<ImmutableNode> server) {
        return new SmtpServer(server.getString("jmxName", "smtpserver"), server.getString("bind", "?"),
            server.getBoolean("tls[@startTLS]", false), server.getList(String.class, "handlerchain.handler[@class]", List.of()));
    }

    /** A comma-separated list of a .properties file; empty when the file or the key is missing. */
    private List<String> listed(String file, String key) throws ConfigurationException {
        try {
            Configuration settings = properties.getConfiguration(file);
            return StartupReport.commaList(settings.getList(String.class, key, List.of()));
        } catch (FileNotFoundException missing) {
            return List.of();
        }
    }

    static StartupReport report(Installed installed, MtaConfiguration configuration, SirpConfiguration sirp) {
        StartupReport report = new StartupReport(ROLE);
        report.active("authority " + configuration.authorityUrl() + " as server " + configuration.serverId());
        if (configuration.serverId().asString().startsWith(SAMPLE_SERVER_ID_PREFIX)) {
            report.problem("mta.server.id is the sample's placeholder: the authority refuses every request of this server; register it "
                + "and set mta.server.id and mta.server.passphrase in conf/ciers.properties (docs/accreditation.md)");
        }
        List<SmtpServer> receiving = installed.smtpServers().stream().filter(SmtpServer::offersCiers).toList();
        if (receiving.isEmpty()) {
            report.warning("no smtpserver has " + CiersCmdHandler.class.getName() + " in its handlerchain: mail arrives without CIERS, "
                + "nothing is validated or stamped (docs/install.md)");
        }
        for (SmtpServer server : receiving) {
            report.active("CIERS offered on " + server.name() + " (" + server.bind() + ")" + (server.startTls() ? " after STARTTLS" : ""));
            if (!server.startTls()) {
                report.problem("smtpserver " + server.name() + " (" + server.bind() + ") has the CIERS handlers but startTLS=\"false\": "
                    + "CIERS is answered only after STARTTLS, so no sender can use it; set <tls startTLS=\"true\"> with a keystore");
            }
            if (!server.handlers().contains(CiersMessageHook.class.getName())) {
                report.problem("smtpserver " + server.name() + " lacks " + CiersMessageHook.class.getName()
                    + ": validations never reach the mailets, nothing is stamped");
            }
        }
        if (!receiving.isEmpty()) {
            report.active("validation " + configuration.validation().mode().name().toLowerCase() + ", policy "
                + configuration.policy().name().toLowerCase() + ", threshold " + configuration.trustThreshold());
            if (!installed.mailets().contains(STAMP)) {
                report.problem("mailetcontainer.xml has no " + STAMP + ": validated mail is not stamped and X-CIERS-* headers "
                    + "forged by senders are not removed");
            }
        }
        if (installed.mailets().contains(DELIVERY)) {
            report.active("outgoing mail with CIERS (" + DELIVERY.substring(DELIVERY.lastIndexOf('.') + 1) + ")");
        } else {
            report.warning("mailetcontainer.xml has no " + DELIVERY + ": outgoing mail is delivered without CIERS");
        }
        if (installed.listeners().contains(REPORT_LISTENER)) {
            report.active("moves to Spam reported");
        } else if (!receiving.isEmpty()) {
            report.warning("listeners.xml has no " + REPORT_LISTENER + ": a user's move to Spam reports nothing to the authority");
        }
        if (!installed.routes().contains(REPORT_ROUTES)) {
            report.warning("webadmin.properties extensions.routes lacks " + REPORT_ROUTES + ": /ciers/reports answers 404");
        }
        if (!installed.healthChecks().contains(AuthorityHealthCheck.class.getName())) {
            report.warning("healthcheck.properties additional.healthchecks lacks " + AuthorityHealthCheck.class.getName()
                + ": an unreachable authority or a refused registration shows in no health check");
        }
        report.active("SIRP " + sirp.pushThreshold().map(threshold -> "pull below trust " + threshold).orElse("push always")
            + (sirp.secret().isPresent() ? "" : ", msids of this process only (no " + SirpConfiguration.SECRET + ")"));
        return report;
    }
}

package org.ciers.install;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.w3c.dom.Element;

/**
 * A mail server: the CIERS handlers on the SMTP server that receives for its domains (with
 * STARTTLS), stamping, the Spam filing at the sample threshold, CIERS on outgoing delivery, the
 * report and SIRP listeners, the report routes and the authority health check.
 */
final class MtaInstall {
    static final String MODULE = "org.ciers.smtp.module.CiersMtaModule";
    static final String STARTUP_REPORT = "org.ciers.smtp.module.MtaStartupReport";
    static final String HEALTH_CHECK = "org.ciers.smtp.metrics.AuthorityHealthCheck";
    static final List<String> ROUTES = List.of("org.ciers.mailets.report.ReportRoutes");
    /** In this order, ahead of James's own handlers (spec §3: CIERS comes before the transaction). */
    static final List<String> HANDLERS = List.of(
        "org.ciers.smtp.rmta.CiersCmdHandler",
        "org.ciers.smtp.rmta.CiersPolicyHook",
        "org.ciers.smtp.rmta.CiersMessageHook",
        "org.ciers.smtp.sirp.SirpDataPolicy",
        "org.ciers.smtp.sirp.MsidCmdHandler",
        "org.ciers.smtp.sirp.GtmlCmdHandler");
    static final List<String> LISTENERS = List.of("org.ciers.mailets.report.SpamReportListener", "org.ciers.smtp.sirp.PullListener");
    static final String STAMP = "org.ciers.mailets.rmta.StampCiersHeaders";
    static final String FEEDBACK = "org.ciers.mailets.report.FeedbackReports";
    static final String SPAM_FILING_MATCHER = "org.ciers.mailets.rmta.TrustValueBelow";
    static final String DELIVERY = "org.ciers.mailets.smta.CiersRemoteDelivery";
    /** What the mailet's parameters default to in the sample (docs/smta.md explains each). */
    static final Map<String, String> DELIVERY_PARAMETERS = CommonSteps.orderedAttributes(
        "ciersTrust", "jvm",
        "ciersWithoutTls", "plain",
        "ciersRefused", "plain",
        "ciersUnavailable", "retry",
        "ciersNotAuthorized", "retry");

    private MtaInstall() {
    }

    static void run(Installation installation, InstallOptions options) throws IOException {
        installation.installJars(options.jars());
        CommonSteps.extensions(installation, MODULE, STARTUP_REPORT);
        CommonSteps.healthChecks(installation, List.of(HEALTH_CHECK));
        CommonSteps.routes(installation, ROUTES);
        CommonSteps.webAdminSecurity(installation, options, false);
        smtpServer(installation, options.smtpServer());
        mailets(installation);
        listeners(installation);
        CommonSteps.logger(installation);
        CommonSteps.settings(installation, options.sample("ciers.properties"), options);
        leftToYou(installation);
    }

    /** The SMTP server named, or the one bound to port 25: STARTTLS on, the CIERS handlers first in its chain. */
    private static void smtpServer(Installation installation, Optional<String> named) throws IOException {
        XmlFile smtp = XmlFile.read(installation.conf("smtpserver.xml"));
        List<Element> servers = XmlFile.children(smtp.root(), "smtpserver");
        // named; else the one a run before chose (its port may have been changed since); else port 25's
        Optional<Element> chosen = named.isPresent()
            ? servers.stream().filter(candidate -> XmlFile.text(candidate, "jmxName").equals(named.get())).findFirst()
            : servers.stream().filter(candidate -> handlers(candidate).contains(HANDLERS.get(0))).findFirst()
                .or(() -> servers.stream().filter(candidate -> XmlFile.text(candidate, "bind").endsWith(":25")).findFirst());
        Element server = chosen.orElseThrow(() -> new IOException(smtp.path() + " has no smtpserver " + named.map(name -> "named " + name)
            .orElse("bound to port 25") + " (name one with --smtp-server JMXNAME)"));
        String label = XmlFile.text(server, "jmxName") + " (" + XmlFile.text(server, "bind") + ")";
        Element tls = XmlFile.child(server, "tls").orElse(null);
        if (tls == null) {
            tls = smtp.element("tls", CommonSteps.orderedAttributes("socketTLS", "false", "startTLS", "true"),
                CommonSteps.orderedAttributes("keystore", "file://conf/keystore", "keystoreType", "PKCS12", "secret", "changeit"));
            smtp.insertBefore(tls, XmlFile.child(server, "handlerchain").orElseThrow(() -> new IOException(label + " has no handlerchain")));
            installation.changed(smtp.path(), "a <tls startTLS=\"true\"> block for " + label + " (keystore conf/keystore, secret changeit: change it)");
        } else if (!"true".equals(tls.getAttribute("startTLS"))) {
            smtp.setAttribute(tls, "startTLS", "true");
            installation.changed(smtp.path(), "startTLS=\"true\" on " + label + " (CIERS is offered only after STARTTLS)");
        }
        Element chain = XmlFile.child(server, "handlerchain").orElseThrow(() -> new IOException(label + " has no handlerchain"));
        List<String> present = handlers(server);
        Optional<Element> firstOfJames = XmlFile.children(chain, "handler").stream()
            .filter(handler -> !HANDLERS.contains(handler.getAttribute("class"))).findFirst();
        List<String> missing = HANDLERS.stream().filter(handler -> !present.contains(handler)).toList();
        for (String handler : missing) {
            Element added = smtp.element("handler", Map.of("class", handler), Map.of());
            if (firstOfJames.isPresent()) {
                smtp.insertBefore(added, firstOfJames.get());
            } else {
                smtp.append(chain, added);
            }
        }
        if (!missing.isEmpty()) {
            installation.changed(smtp.path(), "handlers on " + label + ": " + String.join(", ", missing));
        }
        installation.save(smtp);
        String keystore = XmlFile.text(tls, "keystore");
        if (keystore.startsWith("file://") && !Files.exists(installation.conf("..").resolve(keystore.substring("file://".length())).normalize())) {
            installation.leftToYou("the keystore " + keystore + " of " + label + " (PKCS#12, its secret as in smtpserver.xml): a certificate "
                + "naming this server's MX host, from a CA the senders trust (the authority's CA issues one: docs/accreditation.md); "
                + "James does not start without it");
        }
    }

    private static List<String> handlers(Element server) {
        return XmlFile.child(server, "handlerchain")
            .map(chain -> XmlFile.children(chain, "handler").stream().map(handler -> handler.getAttribute("class")).toList())
            .orElse(List.of());
    }

    private static void mailets(Installation installation) throws IOException {
        XmlFile container = XmlFile.read(installation.conf("mailetcontainer.xml"));
        Element processors = XmlFile.child(container.root(), "processors").orElseThrow(() -> new IOException("no <processors>"));
        Optional<Element> root = processor(processors, "root");
        if (root.isPresent() && mailet(root.get(), STAMP).isEmpty()) {
            Element stamp = container.element("mailet", CommonSteps.orderedAttributes("match", "All", "class", STAMP),
                Map.of("stampReportToken", "false"));
            // first, so that nothing reads a forged stamp
            Optional<Element> first = XmlFile.child(root.get(), "mailet");
            if (first.isPresent()) {
                container.insertBefore(stamp, first.get());
            } else {
                container.append(root.get(), stamp);
            }
            installation.changed(container.path(), STAMP + " first in the root processor (removes arriving X-CIERS-* headers, stamps "
                + "validated mail)");
        } else if (root.isEmpty()) {
            installation.leftToYou(STAMP + " in the processor every incoming mail goes through (no processor state=\"root\")");
        }
        Optional<Element> stamping = root.flatMap(processor -> mailet(processor, STAMP));
        if (stamping.isPresent() && mailet(root.get(), FEEDBACK).isEmpty()) {
            Element feedback = container.element("mailet", CommonSteps.orderedAttributes("match", "All", "class", FEEDBACK),
                Map.of("feedbackAddress", "abuse"));
            // right after the stamps: a report is read against the mailboxes, never delivered on
            List<Element> rootMailets = XmlFile.children(root.get(), "mailet");
            int after = rootMailets.indexOf(stamping.get()) + 1;
            Optional<Element> next = after < rootMailets.size() ? Optional.of(rootMailets.get(after)) : Optional.empty();
            if (next.isPresent()) {
                container.insertBefore(feedback, next.get());
            } else {
                container.append(root.get(), feedback);
            }
            installation.changed(container.path(), FEEDBACK + " after " + STAMP + " (ARF feedback reports to abuse@ your domains)");
            installation.leftToYou("abuse@ each of your domains as a user or an alias, for SMTP to accept feedback reports");
        }
        Optional<Element> localDelivery = processor(processors, "local-delivery");
        boolean filing = localDelivery.isPresent() && XmlFile.children(localDelivery.get(), "mailet").stream()
            .anyMatch(mailet -> mailet.getAttribute("match").startsWith(SPAM_FILING_MATCHER));
        Optional<Element> firstDeliveryMailet = localDelivery.flatMap(processor -> XmlFile.child(processor, "mailet"));
        if (firstDeliveryMailet.isPresent() && !filing) {
            // first, as in the sample: the users' own filters (Sieve) come after it and have the last word
            container.insertBefore(container.element("mailet",
                CommonSteps.orderedAttributes("match", SPAM_FILING_MATCHER + "=10", "class", "WithStorageDirective"),
                Map.of("targetFolderName", "Spam")), firstDeliveryMailet.get());
            installation.changed(container.path(), "mail below trust 10 filed into Spam, first in the local-delivery processor");
        }
        boolean delivering = false;
        for (Element processor : XmlFile.children(processors, "processor")) {
            for (Element mailet : XmlFile.children(processor, "mailet")) {
                String mailetClass = mailet.getAttribute("class");
                if (mailetClass.equals("RemoteDelivery") || mailetClass.equals("org.apache.james.transport.mailets.RemoteDelivery")) {
                    container.setAttribute(mailet, "class", DELIVERY);
                    installation.changed(container.path(), "RemoteDelivery in processor " + processor.getAttribute("state") + " becomes "
                        + DELIVERY + " (the same queue, retries and bounces, with CIERS)");
                }
                if (mailet.getAttribute("class").equals(DELIVERY)) {
                    delivering = true;
                    for (Map.Entry<String, String> parameter : DELIVERY_PARAMETERS.entrySet()) {
                        if (container.setChildText(mailet, parameter.getKey(), parameter.getValue(), true)) {
                            installation.changed(container.path(), DELIVERY + " " + parameter.getKey() + "=" + parameter.getValue());
                        }
                    }
                }
            }
        }
        if (!delivering) {
            installation.leftToYou(DELIVERY + " where outgoing mail is delivered (no RemoteDelivery mailet was found to replace)");
        }
        installation.save(container);
    }

    private static void listeners(Installation installation) throws IOException {
        XmlFile listeners = XmlFile.read(installation.conf("listeners.xml"));
        for (String listener : LISTENERS) {
            boolean present = XmlFile.children(listeners.root(), "listener").stream()
                .anyMatch(element -> XmlFile.text(element, "class").equals(listener));
            if (!present) {
                listeners.append(listeners.root(), listeners.element("listener", Map.of(),
                    CommonSteps.orderedAttributes("class", listener, "async", "true")));
                installation.changed(listeners.path(), "listener " + listener);
            }
        }
        installation.save(listeners);
    }

    private static Optional<Element> processor(Element processors, String state) {
        return XmlFile.child(processors, "processor", processor -> processor.getAttribute("state").equals(state));
    }

    private static Optional<Element> mailet(Element processor, String mailetClass) {
        return XmlFile.child(processor, "mailet", mailet -> mailet.getAttribute("class").equals(mailetClass));
    }

    private static void leftToYou(Installation installation) throws IOException {
        PropertiesFile settings = PropertiesFile.read(installation.conf("ciers.properties"));
        if (settings.get("mta.server.id").filter(id -> !id.startsWith("REPLACE")).isEmpty()) {
            installation.leftToYou("this server's registration: mta.authority.url, mta.server.id and mta.server.passphrase in "
                + "conf/ciers.properties, from the authority's portal (docs/accreditation.md)");
        }
        installation.leftToYou("your domains and users in James (WebAdmin PUT /domains/DOMAIN): offline validation accepts message IDs "
            + "only for domains in James's domain list");
        installation.leftToYou("ciersTrust in CiersRemoteDelivery: the authority's CA root (GET /ciers/ca/root.pem, saved in conf/) when "
            + "your recipients' certificates come from the authority's CA; the JVM's public CAs otherwise");
        installation.leftToYou("DNS: an MX record naming a host this server's certificate names");
    }
}

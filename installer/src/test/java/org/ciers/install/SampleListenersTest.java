package org.ciers.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each server a role's sample configuration turns on, or lets an administrator turn on with one
 * property (JMAP), has a port of its own: James does not start when two share one.
 */
class SampleListenersTest {
    private static final Pattern BIND = Pattern.compile("<bind>([^<]*)</bind>");

    @ParameterizedTest
    @ValueSource(strings = {"mta", "authority"})
    void everyListenerOfTheSampleHasAPortOfItsOwn(String role) throws IOException {
        Path conf = InstallTest.PROJECT.resolve("james-conf").resolve(role);
        List<Integer> ports = new ArrayList<>();
        try (Stream<Path> files = Files.list(conf)) {
            for (Path xml : files.filter(file -> file.toString().endsWith(".xml")).sorted().toList()) {
                Matcher bind = BIND.matcher(Files.readString(xml));
                while (bind.find()) {
                    for (String address : bind.group(1).split(",")) {
                        ports.add(Integer.parseInt(address.substring(address.lastIndexOf(':') + 1).trim()));
                    }
                }
            }
        }
        port(conf.resolve("webadmin.properties"), "port", ports);
        port(conf.resolve("jmap.properties"), "jmap.port", ports);

        assertThat(ports).isNotEmpty().doesNotHaveDuplicates();
    }

    private static void port(Path file, String key, List<Integer> ports) throws IOException {
        if (Files.exists(file)) {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            }
            String port = properties.getProperty(key);
            if (port != null) {
                ports.add(Integer.parseInt(port.trim()));
            }
        }
    }
}

package org.ciers.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PropertiesFileTest {
    @TempDir
    Path directory;

    @Test
    void aKeyAddedToAFileEndingWithoutANewlineGetsALineOfItsOwn() throws Exception {
        Path file = directory.resolve("extensions.properties");
        // as James's stock file ends: a comment, no newline
        Files.writeString(file, "# Guice modules\n#guice.extension.module=");
        PropertiesFile properties = PropertiesFile.read(file);

        assertThat(properties.addToList("guice.extension.module", List.of("org.example.Module"))).containsExactly("org.example.Module");

        assertThat(properties.content()).isEqualTo("# Guice modules\n#guice.extension.module=\nguice.extension.module=org.example.Module\n");
    }

    @Test
    void valuesJoinTheAdministratorsListOnceAndInOrder() throws Exception {
        Path file = directory.resolve("webadmin.properties");
        Files.writeString(file, "enabled=true\nextensions.routes=org.example.Theirs , org.example.Ours\nport=8000\n");
        PropertiesFile properties = PropertiesFile.read(file);

        assertThat(properties.addToList("extensions.routes", List.of("org.example.Ours", "org.example.New"))).containsExactly("org.example.New");
        assertThat(properties.addToList("extensions.routes", List.of("org.example.New"))).isEmpty();

        assertThat(properties.content()).isEqualTo("enabled=true\nextensions.routes=org.example.Theirs,org.example.Ours,org.example.New\nport=8000\n");
    }

    @Test
    void aValueTheAdministratorSetIsKeptBySetIfAbsentAndAnUnchangedFileIsUnchanged() throws Exception {
        Path file = directory.resolve("ciers.properties");
        Files.writeString(file, "# theirs\nrmta.trust.threshold = 7\n");
        PropertiesFile properties = PropertiesFile.read(file);

        assertThat(properties.setIfAbsent("rmta.trust.threshold", "5")).isFalse();
        assertThat(properties.set("rmta.trust.threshold", "7")).isFalse();

        assertThat(properties.changed()).isFalse();
        assertThat(properties.get("rmta.trust.threshold")).contains("7");
    }

    @Test
    void commentedKeysAreNotKeys() throws Exception {
        Path file = directory.resolve("healthcheck.properties");
        Files.writeString(file, "# additional.healthchecks=org.example.Old\n");
        PropertiesFile properties = PropertiesFile.read(file);

        assertThat(properties.get("additional.healthchecks")).isEmpty();
    }

    @Test
    void aValueContinuedOverSeveralLinesIsNotCutInTwo() throws Exception {
        Path file = directory.resolve("extensions.properties");
        Files.writeString(file, "guice.extension.module=org.example.A,\\\n    org.example.B\n");
        PropertiesFile properties = PropertiesFile.read(file);

        assertThatThrownBy(() -> properties.addToList("guice.extension.module", List.of("org.example.Ours")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("continues over several lines");
        assertThat(properties.changed()).isFalse();
    }

    @Test
    void aKeySeparatedFromItsValueByABlankIsTheSameKey() throws Exception {
        Path file = directory.resolve("webadmin.properties");
        Files.writeString(file, "jwt.enabled false\n");
        PropertiesFile properties = PropertiesFile.read(file);

        assertThat(properties.get("jwt.enabled")).contains("false");
        assertThat(properties.set("jwt.enabled", "true")).isTrue();
        assertThat(properties.content()).isEqualTo("jwt.enabled=true\n");
    }
}

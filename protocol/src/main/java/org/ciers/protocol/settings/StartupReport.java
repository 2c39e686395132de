package org.ciers.protocol.settings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.slf4j.Logger;

/**
 * What a CIERS role found in its configuration at start: one summary line of what is active, and
 * each half-done piece named with what it costs and where to fix it. Built by a role's start-up
 * check, logged once; the findings are plain values so that the checks are tested without a server.
 */
public final class StartupReport {
    private final String role;
    private final List<String> active = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    public StartupReport(String role) {
        this.role = role;
    }

    /** A piece that works, for the summary line. */
    public StartupReport active(String piece) {
        active.add(piece);
        return this;
    }

    /** A piece configured half: CIERS will not work as the administrator expects. Logged at ERROR. */
    public StartupReport problem(String problem) {
        problems.add(problem);
        return this;
    }

    /** A choice that weakens the installation without breaking it. Logged at WARN. */
    public StartupReport warning(String warning) {
        warnings.add(warning);
        return this;
    }

    /**
     * The entries of a comma-separated setting as James's configuration hands it over (one value, or
     * several when its reader splits lists): each trimmed, empty ones dropped.
     */
    public static List<String> commaList(List<String> values) {
        return Arrays.stream(String.join(",", values).split(",")).map(String::trim).filter(entry -> !entry.isEmpty()).toList();
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public String summary() {
        return role + " started: " + String.join("; ", active)
            + (problems.isEmpty() ? "" : "; " + problems.size() + " problem(s) logged at ERROR");
    }

    public void log(Logger logger) {
        logger.info("{}", summary());
        problems.forEach(problem -> logger.error("{}: {}", role, problem));
        warnings.forEach(warning -> logger.warn("{}: {}", role, warning));
    }
}

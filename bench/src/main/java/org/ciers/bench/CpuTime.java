package org.ciers.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The CPU time a process has used (user + system, all its threads), read from {@code /proc/<pid>/stat}:
 * CPU time per message compares across machines better than throughput does.
 */
public final class CpuTime {
    /** Linux's USER_HZ: the unit of the stat file's utime and stime. */
    private static final long TICKS_PER_SECOND = 100;

    private CpuTime() {
    }

    public static Duration of(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the CPU time of process " + pid, e);
        }
    }
}

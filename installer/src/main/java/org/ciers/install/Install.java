package org.ciers.install;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code ./ciers install authority|mta JAMES_DIR [options]}: installs CIERS into an administrator's
 * James 3.8.1, then says what it changed and what is left to do. Run it again after an upgrade or
 * with other options: it changes only what differs.
 */
public final class Install {
    private Install() {
    }

    public static void main(String[] args) {
        Path projectDirectory = Path.of(System.getProperty("ciers.project.dir", ".")).toAbsolutePath().normalize();
        try {
            InstallOptions options = InstallOptions.parse(Arrays.asList(args), projectDirectory);
            Installation installation = new Installation(options.jamesDirectory());
            if (options.role() == InstallOptions.Role.AUTHORITY) {
                AuthorityInstall.run(installation, options);
            } else {
                MtaInstall.run(installation, options);
            }
            installation.report(System.out);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (IOException e) {
            System.err.println("install failed: " + e.getMessage());
            System.exit(1);
        }
    }
}

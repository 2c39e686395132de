package org.ciers.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fresh key pair and self-signed certificate per demo server, made with the JDK's keytool at
 * start; no private key is ever committed.
 */
public final class Keystores {
    public static final String SECRET = "changeit";

    private Keystores() {
    }

    public static void selfSigned(Path keystore, String hostName) throws IOException, InterruptedException {
        Files.deleteIfExists(keystore);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "james", "-keyalg", "RSA",
            "-keysize", "2048", "-validity", "30", "-dname", "CN=" + hostName, "-ext", "SAN=dns:" + hostName + ",ip:127.0.0.1",
            "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", SECRET, "-keypass", SECRET))
            .redirectErrorStream(true)
            .start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool could not create " + keystore);
        }
    }
}

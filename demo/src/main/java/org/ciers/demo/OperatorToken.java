package org.ciers.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The tokens of James's WebAdmin authentication ({@code jwt.enabled=true}): RS256 JWTs naming an
 * administrator ({@code "admin": true}), which James checks against the public key in
 * {@code jwt.publickeypem.url}. The demo and the tests make one key pair per run, give every James
 * its public half, and send {@code Authorization: Bearer <token>} to the routes that need it; an
 * operator makes a token from the private key with {@code ./ciers operator-token} (docs/deploy.md).
 */
public final class OperatorToken {
    public static final String HEADER = "Authorization";
    /** The file every James of a run is given, as webadmin.properties names it. */
    public static final String PUBLIC_KEY_FILE = "jwt_publickey";
    private static final Duration VALIDITY = Duration.ofDays(1);
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private static KeyPair runKeys;

    private OperatorToken() {
    }

    /** This run's key pair, made once per JVM: every James this JVM starts trusts its public half. */
    public static synchronized KeyPair runKeys() {
        if (runKeys == null) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                runKeys = generator.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("every Java runtime makes RSA keys", e);
            }
        }
        return runKeys;
    }

    /** {@code Bearer <token>} for this run's operator. */
    public static String bearer() {
        return "Bearer " + mint(runKeys().getPrivate(), "operator", VALIDITY);
    }

    /** The public key as James reads it (PEM, SubjectPublicKeyInfo). */
    public static String publicKeyPem() {
        return pem("PUBLIC KEY", runKeys().getPublic().getEncoded());
    }

    /** The private key (PEM, PKCS#8), for an operator who keeps the demo running and wants tokens later. */
    public static String privateKeyPem() {
        return pem("PRIVATE KEY", runKeys().getPrivate().getEncoded());
    }

    /** A signed token for {@code subject}, an administrator, valid for {@code validity}. */
    public static String mint(PrivateKey key, String subject, Duration validity) {
        Instant now = Instant.now();
        String header = URL.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = URL.encodeToString(("{\"sub\":\"" + subject.replaceAll("[^A-Za-z0-9@._-]", "") + "\",\"admin\":true,\"iat\":"
            + now.getEpochSecond() + ",\"exp\":" + now.plus(validity).getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + URL.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA private key: " + e.getMessage(), e);
        }
    }

    /** {@code ./ciers operator-token PRIVATE_KEY_PEM [subject] [hours]}: prints a token. */
    public static void main(String[] args) throws IOException, GeneralSecurityException {
        if (args.length < 1) {
            System.err.println("usage: ./ciers operator-token PRIVATE_KEY_PEM [subject] [hours]");
            System.exit(2);
        }
        String pem = Files.readString(Path.of(args[0]));
        if (!pem.contains("BEGIN PRIVATE KEY")) {
            System.err.println(args[0] + ": a PKCS#8 PEM private key (BEGIN PRIVATE KEY) is needed, e.g. from openssl genpkey");
            System.exit(2);
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").trim());
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        String subject = args.length > 1 ? args[1] : "operator";
        Duration validity = Duration.ofHours(args.length > 2 ? Long.parseLong(args[2]) : 24);
        System.out.println(mint(key, subject, validity));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
            + "\n-----END " + type + "-----\n";
    }
}

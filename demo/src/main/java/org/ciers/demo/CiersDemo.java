package org.ciers.demo;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.message.TrustValueRequest;
import org.ciers.protocol.message.TrustValueResponse;

/**
 * {@code ./ciers demo [--once]}: starts the demo's James servers on 127.0.0.1, runs one
 * transmission through the authority (auth_to_send by a.example, trust_value by b.example),
 * prints the result and keeps running until Ctrl-C; with {@code --once} it stops and exits 0.
 */
public final class CiersDemo {
    private CiersDemo() {
    }

    public static void main(String[] args) throws Exception {
        List<String> options = Arrays.asList(args);
        boolean once = options.contains("--once");
        DemoLayout layout = DemoLayout.fromSystemProperties();

        System.out.println("Starting the CIERS authority (a James server) on 127.0.0.1 ...");
        DemoCluster cluster = DemoCluster.start(layout);
        Thread stopper = new Thread(() -> {
            try {
                cluster.close();
            } catch (Exception e) {
                System.err.println("stopping the demo servers: " + e.getMessage());
            }
        });
        Runtime.getRuntime().addShutdownHook(stopper);

        boolean ok = runTransmission(cluster);
        System.out.println();
        System.out.println("Authority WebAdmin and protocol routes: " + cluster.authority().webAdmin());
        System.out.println("Endpoints: " + layout.endpointsFile());
        if (once) {
            Runtime.getRuntime().removeShutdownHook(stopper);
            cluster.close();
            System.exit(ok ? 0 : 1);
        }
        System.out.println("Running; Ctrl-C stops the servers.");
        new CountDownLatch(1).await();
    }

    private static boolean runTransmission(DemoCluster cluster) {
        AuthToSendResponse granted = cluster.authorityClient()
            .authToSend(new AuthToSendRequest(cluster.a().serverId(), cluster.a().passphrase(), cluster.b().domain())).join();
        if (!(granted instanceof AuthToSendResponse.Granted grant)) {
            System.out.println("auth_to_send " + cluster.a().domain() + " -> " + cluster.b().domain() + " refused: " + granted);
            return false;
        }
        System.out.println("auth_to_send  " + cluster.a().domain() + " -> " + cluster.b().domain() + ": message_id " + grant.messageId());
        TrustValueResponse validation = cluster.authorityClient()
            .trustValue(new TrustValueRequest(cluster.b().serverId(), cluster.b().passphrase(), cluster.a().serverId(), grant.messageId()))
            .join();
        if (!(validation instanceof TrustValueResponse.ValidTransmission valid)) {
            System.out.println("trust_value refused: " + validation);
            return false;
        }
        System.out.println("trust_value   " + cluster.b().domain() + " validated it: valid_transmission");
        System.out.println("Headers a receiving James stamps for this message:");
        System.out.println("X-CIERS-ServerID: " + valid.senderServerId());
        System.out.println("X-CIERS-MessageID: " + grant.messageId());
        System.out.println("X-CIERS-TrustValue: " + valid.trustValue());
        return true;
    }
}

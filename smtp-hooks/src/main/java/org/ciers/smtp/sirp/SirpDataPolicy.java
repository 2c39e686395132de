package org.ciers.smtp.sirp;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.ciers.protocol.model.TrustValue;
import org.ciers.smtp.handler.CiersSessionState;
import org.ciers.smtp.model.CiersValidation;

/**
 * Push or pull (spec §6): with {@code sirp.push.threshold} set, {@code DATA} is taken only from
 * senders CIERS validated at or above it (and from this server's own authenticated users); every
 * other sender is asked to send {@code MSID} instead, so the message waits on its server until the
 * recipient wants it. Listed before James's core handlers, it answers only to refuse; otherwise
 * James's own DATA handler goes on.
 */
public class SirpDataPolicy implements CommandHandler<SMTPSession> {
    public static final String PULL_ONLY_TEXT = "5.7.1 SIRP: this server pulls this mail; send MSID <msid> instead of DATA";
    static final Response PULL_ONLY = new SMTPResponse("550", PULL_ONLY_TEXT).immutable();

    private final SirpConfiguration configuration;

    @Inject
    public SirpDataPolicy(SirpConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public Collection<String> getImplCommands() {
        return List.of("DATA");
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        if (configuration.pushThreshold().isEmpty() || session.getUsername() != null) {
            return null;
        }
        TrustValue threshold = configuration.pushThreshold().get();
        Optional<CiersValidation> validation = CiersSessionState.validation(session);
        boolean pushed = validation.map(valid -> valid.trustValue().compareTo(threshold) >= 0).orElse(false);
        return pushed ? null : PULL_ONLY;
    }
}

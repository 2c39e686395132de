package org.ciers.authority.transmission;

import org.ciers.authority.model.RegisteredDomain;

/** The outcome of checking a server's ID and passphrase. */
sealed interface ServerAuthentication {
    record Authenticated(RegisteredDomain domain) implements ServerAuthentication {
    }

    record Refused() implements ServerAuthentication {
    }

    record RateLimited() implements ServerAuthentication {
    }
}

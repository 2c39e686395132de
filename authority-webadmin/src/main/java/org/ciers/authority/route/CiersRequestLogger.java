package org.ciers.authority.route;

import org.apache.james.webadmin.mdc.RequestId;
import org.apache.james.webadmin.mdc.RequestLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import spark.Request;

/**
 * Logs CIERS requests without their bodies. WebAdmin's default request logger writes every body
 * to the log, and CIERS bodies carry passphrases and report tokens.
 */
public class CiersRequestLogger implements RequestLogger {
    private static final Logger LOGGER = LoggerFactory.getLogger(CiersRequestLogger.class);

    @Override
    public boolean applies(Request request) {
        String path = request.pathInfo();
        return path != null && path.startsWith(AuthorityAdminRoutes.BASE_PATH + "/");
    }

    @Override
    public void log(Request request, RequestId requestId) {
        LOGGER.debug("CIERS request {} {} {} from {}", requestId.asString(), request.requestMethod(), request.pathInfo(), request.ip());
    }
}

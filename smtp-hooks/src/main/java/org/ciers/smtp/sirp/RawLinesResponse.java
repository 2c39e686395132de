package org.ciers.smtp.sirp;

import java.util.List;

import org.apache.james.protocols.api.Response;

/** A reply whose lines go out exactly as given: a status line, then content, as GTML answers. */
record RawLinesResponse(String retCode, List<CharSequence> lines) implements Response {
    @Override
    public String getRetCode() {
        return retCode;
    }

    @Override
    public List<CharSequence> getLines() {
        return lines;
    }

    @Override
    public boolean isEndSession() {
        return false;
    }
}

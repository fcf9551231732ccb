package io.wsnio;

import java.net.NoRouteToHostException;

/** The network or host is unreachable (ENETUNREACH, EHOSTUNREACH and their WSA twins). */
public class NativeNoRouteToHostException extends NoRouteToHostException implements NativeError {
    private static final long serialVersionUID = 1L;
    private final String errorName;
    private final int errorCode;

    public NativeNoRouteToHostException(String message, String errorName, int errorCode) {
        super(message);
        this.errorName = errorName;
        this.errorCode = errorCode;
    }

    @Override
    public String errorName() { return errorName; }

    @Override
    public int errorCode() { return errorCode; }
}

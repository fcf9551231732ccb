package io.wsnio;

import java.net.ConnectException;

/** A connect was refused or timed out (ECONNREFUSED, ETIMEDOUT and their WSA twins). */
public class NativeConnectException extends ConnectException implements NativeError {
    private static final long serialVersionUID = 1L;
    private final String errorName;
    private final int errorCode;

    public NativeConnectException(String message, String errorName, int errorCode) {
        super(message);
        this.errorName = errorName;
        this.errorCode = errorCode;
    }

    @Override
    public String errorName() { return errorName; }

    @Override
    public int errorCode() { return errorCode; }
}

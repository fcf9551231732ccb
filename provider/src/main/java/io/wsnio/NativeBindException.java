package io.wsnio;

import java.net.BindException;

/** A bind failed (EADDRINUSE, EADDRNOTAVAIL, EACCES and their WSA twins). */
public class NativeBindException extends BindException implements NativeError {
    private static final long serialVersionUID = 1L;
    private final String errorName;
    private final int errorCode;

    public NativeBindException(String message, String errorName, int errorCode) {
        super(message);
        this.errorName = errorName;
        this.errorCode = errorCode;
    }

    @Override
    public String errorName() { return errorName; }

    @Override
    public int errorCode() { return errorCode; }
}

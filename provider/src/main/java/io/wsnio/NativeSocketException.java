package io.wsnio;

import java.net.SocketException;

/** A native socket call failed with an error that has no more specific Java exception. */
public class NativeSocketException extends SocketException implements NativeError {
    private static final long serialVersionUID = 1L;
    private final String errorName;
    private final int errorCode;

    public NativeSocketException(String message, String errorName, int errorCode) {
        super(message);
        this.errorName = errorName;
        this.errorCode = errorCode;
    }

    @Override
    public String errorName() { return errorName; }

    @Override
    public int errorCode() { return errorCode; }
}

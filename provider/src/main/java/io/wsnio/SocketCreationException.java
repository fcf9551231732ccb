package io.wsnio;

/** {@code socket(af, type, protocol)} was refused; the message names the triple and the error. */
public class SocketCreationException extends NativeSocketException {
    private static final long serialVersionUID = 1L;
    private final transient SocketSpec spec;

    public SocketCreationException(String message, String errorName, int errorCode, SocketSpec spec) {
        super(message, errorName, errorCode);
        this.spec = spec;
    }

    /** The triple that was refused. */
    public SocketSpec spec() { return spec; }
}

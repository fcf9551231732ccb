package io.wsnio;

/** Implemented by every exception wsnio raises for a failed native call. */
public interface NativeError {
    /** The symbolic error name as the platform spells it, e.g. {@code ECONNREFUSED} or {@code WSAECONNREFUSED}. */
    String errorName();

    /** The platform's error number (errno or WSA error). */
    int errorCode();
}

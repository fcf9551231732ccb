package io.wsnio.backend.winsock;

/**
 * Which bridge carries the Winsock backend's native calls ({@link Ws2_32}, {@link Kernel32},
 * {@link Kernel32Iocp}, {@link Ntdll}). This version: always JNA. On JDK 22 and later the
 * multi-release jar replaces it with one that reads {@code -Dwsnio.winsock.bridge} ({@code jna},
 * the default, or {@code ffm} for java.lang.foreign downcalls).
 */
final class WinsockBridge {
    private WinsockBridge() { }

    /** "jna" or "ffm", for the backend's name and diagnostics. */
    static String name() {
        return "jna";
    }
}

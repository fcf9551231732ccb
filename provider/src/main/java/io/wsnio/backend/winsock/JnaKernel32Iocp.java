package io.wsnio.backend.winsock;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * JNA direct mapping of the kernel32 I/O completion port calls the AFD poller needs, loaded by
 * the absolute System32 path. BOOL results: nonzero on success, then {@link #lastError()}. The
 * poller calls them through {@link Kernel32Iocp}.
 */
final class JnaKernel32Iocp {
    private JnaKernel32Iocp() { }

    /** Why kernel32.dll could not be bound, or null when it was. */
    static final Throwable UNAVAILABILITY_CAUSE;

    static {
        Throwable cause = null;
        try {
            Native.register(JnaKernel32Iocp.class, NativeLibrary.getInstance(SystemDlls.path("kernel32.dll")));
        } catch (Throwable t) {
            cause = t;
        }
        UNAVAILABILITY_CAUSE = cause;
    }

    /** The calling thread's last error, as the last call through JNA left it. */
    static int lastError() {
        return Native.getLastError();
    }

    /** A new port ({@code fileHandle} INVALID_HANDLE_VALUE) or the port {@code fileHandle} is now associated with; 0 on failure. */
    static native long CreateIoCompletionPort(long fileHandle, long existingCompletionPort, long completionKey,
            int numberOfConcurrentThreads);

    static native int GetQueuedCompletionStatusEx(long completionPort, long entries, int count, long numEntriesRemoved,
            int milliseconds, int alertable);

    static native int PostQueuedCompletionStatus(long completionPort, int bytesTransferred, long completionKey,
            long overlapped);

    static native int CloseHandle(long handle);
}

package io.wsnio.backend.winsock;

/**
 * The kernel32 I/O completion port calls the AFD poller makes, and {@link #lastError()} for the
 * calling thread's {@code GetLastError()} after a failing one (BOOL results: nonzero on success).
 * This version hands them to {@link JnaKernel32Iocp}; on JDK 22 and later the multi-release jar's
 * class can call through java.lang.foreign instead ({@code -Dwsnio.winsock.bridge=ffm}).
 */
final class Kernel32Iocp {
    private Kernel32Iocp() { }

    /** Why kernel32.dll could not be bound, or null when it was. */
    static final Throwable UNAVAILABILITY_CAUSE = JnaKernel32Iocp.UNAVAILABILITY_CAUSE;

    /** The calling thread's last error, as its last call through this class left it. */
    static int lastError() {
        return JnaKernel32Iocp.lastError();
    }

    /** A new port ({@code fileHandle} INVALID_HANDLE_VALUE) or the port {@code fileHandle} is now associated with; 0 on failure. */
    static long CreateIoCompletionPort(long fileHandle, long existingCompletionPort, long completionKey,
            int numberOfConcurrentThreads) {
        return JnaKernel32Iocp.CreateIoCompletionPort(fileHandle, existingCompletionPort, completionKey,
                numberOfConcurrentThreads);
    }

    static int GetQueuedCompletionStatusEx(long completionPort, long entries, int count, long numEntriesRemoved,
            int milliseconds, int alertable) {
        return JnaKernel32Iocp.GetQueuedCompletionStatusEx(completionPort, entries, count, numEntriesRemoved,
                milliseconds, alertable);
    }

    static int PostQueuedCompletionStatus(long completionPort, int bytesTransferred, long completionKey,
            long overlapped) {
        return JnaKernel32Iocp.PostQueuedCompletionStatus(completionPort, bytesTransferred, completionKey, overlapped);
    }

    static int CloseHandle(long handle) {
        return JnaKernel32Iocp.CloseHandle(handle);
    }
}

package io.wsnio.backend.winsock;

/**
 * The two kernel32 calls the Winsock backend makes on socket handles, and {@link #lastError()}
 * for the calling thread's {@code GetLastError()} after a failing one. This version hands them
 * to {@link JnaKernel32}; on JDK 22 and later the multi-release jar's class can call through
 * java.lang.foreign instead ({@code -Dwsnio.winsock.bridge=ffm}).
 */
final class Kernel32 {
    private Kernel32() { }

    /** Why kernel32.dll could not be bound, or null when it was. */
    static final Throwable UNAVAILABILITY_CAUSE = JnaKernel32.UNAVAILABILITY_CAUSE;

    /** The calling thread's last error, as its last call through this class left it. */
    static int lastError() {
        return JnaKernel32.lastError();
    }

    /** BOOL SetHandleInformation(HANDLE, DWORD mask, DWORD flags): nonzero on success. */
    static int SetHandleInformation(long hObject, int dwMask, int dwFlags) {
        return JnaKernel32.SetHandleInformation(hObject, dwMask, dwFlags);
    }

    /** BOOL CancelIoEx(HANDLE, LPOVERLAPPED): cancels every pending I/O of every thread when NULL. */
    static int CancelIoEx(long hFile, long lpOverlapped) {
        return JnaKernel32.CancelIoEx(hFile, lpOverlapped);
    }
}

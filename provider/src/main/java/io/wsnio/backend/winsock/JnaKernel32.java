package io.wsnio.backend.winsock;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The two kernel32 calls the Winsock backend needs on socket handles, by JNA direct mapping; the
 * backend calls them through {@link Kernel32}.
 */
final class JnaKernel32 {
    private JnaKernel32() { }

    static final Throwable UNAVAILABILITY_CAUSE;

    static {
        Throwable cause = null;
        try {
            Native.register(JnaKernel32.class, NativeLibrary.getInstance(SystemDlls.path("kernel32.dll")));
        } catch (Throwable t) {
            cause = t;
        }
        UNAVAILABILITY_CAUSE = cause;
    }

    /** The calling thread's last error, as the last call through JNA left it. */
    static int lastError() {
        return Native.getLastError();
    }

    /** BOOL SetHandleInformation(HANDLE, DWORD mask, DWORD flags): nonzero on success. */
    static native int SetHandleInformation(long hObject, int dwMask, int dwFlags);

    /** BOOL CancelIoEx(HANDLE, LPOVERLAPPED): cancels every pending I/O of every thread when NULL. */
    static native int CancelIoEx(long hFile, long lpOverlapped);
}

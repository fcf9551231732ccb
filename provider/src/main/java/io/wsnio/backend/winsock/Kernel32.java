package io.wsnio.backend.winsock;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/** The two kernel32 calls the Winsock backend needs on socket handles, by direct mapping. */
final class Kernel32 {
    private Kernel32() { }

    static final Throwable UNAVAILABILITY_CAUSE;

    static {
        Throwable cause = null;
        try {
            Native.register(Kernel32.class, NativeLibrary.getInstance(SystemDlls.path("kernel32.dll")));
        } catch (Throwable t) {
            cause = t;
        }
        UNAVAILABILITY_CAUSE = cause;
    }

    /** BOOL SetHandleInformation(HANDLE, DWORD mask, DWORD flags): nonzero on success. */
    static native int SetHandleInformation(long hObject, int dwMask, int dwFlags);

    /** BOOL CancelIoEx(HANDLE, LPOVERLAPPED): cancels every pending I/O of every thread when NULL. */
    static native int CancelIoEx(long hFile, long lpOverlapped);
}

package io.wsnio.backend.winsock;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * JNA direct mapping of the three {@code ntdll.dll} calls the AFD poller needs, loaded by its
 * absolute System32 path. They return an NTSTATUS (never set the last error); arguments are
 * primitives and {@code long} addresses. The poller calls them through {@link Ntdll}.
 */
final class JnaNtdll {
    private JnaNtdll() { }

    /** Why ntdll.dll could not be bound, or null when it was. */
    static final Throwable UNAVAILABILITY_CAUSE;

    static {
        Throwable cause = null;
        try {
            Native.register(JnaNtdll.class, NativeLibrary.getInstance(SystemDlls.path("ntdll.dll")));
        } catch (Throwable t) {
            cause = t;
        }
        UNAVAILABILITY_CAUSE = cause;
    }

    static native int NtCreateFile(long fileHandle, int desiredAccess, long objectAttributes, long ioStatusBlock,
            long allocationSize, int fileAttributes, int shareAccess, int createDisposition, int createOptions,
            long eaBuffer, int eaLength);

    static native int NtDeviceIoControlFile(long fileHandle, long event, long apcRoutine, long apcContext,
            long ioStatusBlock, int ioControlCode, long inputBuffer, int inputBufferLength, long outputBuffer,
            int outputBufferLength);

    /** Cancels the request whose IO_STATUS_BLOCK is {@code ioRequestToCancel} (every request of the handle when 0). */
    static native int NtCancelIoFileEx(long fileHandle, long ioRequestToCancel, long ioStatusBlock);
}

package io.wsnio.backend.winsock;

/**
 * The three {@code ntdll.dll} calls the AFD poller makes. They return an NTSTATUS and never set
 * the last error, so there is no {@code lastError()} here. This version hands them to
 * {@link JnaNtdll}; on JDK 22 and later the multi-release jar's class can call through
 * java.lang.foreign instead ({@code -Dwsnio.winsock.bridge=ffm}).
 */
final class Ntdll {
    private Ntdll() { }

    /** Why ntdll.dll could not be bound, or null when it was. */
    static final Throwable UNAVAILABILITY_CAUSE = JnaNtdll.UNAVAILABILITY_CAUSE;

    static int NtCreateFile(long fileHandle, int desiredAccess, long objectAttributes, long ioStatusBlock,
            long allocationSize, int fileAttributes, int shareAccess, int createDisposition, int createOptions,
            long eaBuffer, int eaLength) {
        return JnaNtdll.NtCreateFile(fileHandle, desiredAccess, objectAttributes, ioStatusBlock, allocationSize,
                fileAttributes, shareAccess, createDisposition, createOptions, eaBuffer, eaLength);
    }

    static int NtDeviceIoControlFile(long fileHandle, long event, long apcRoutine, long apcContext,
            long ioStatusBlock, int ioControlCode, long inputBuffer, int inputBufferLength, long outputBuffer,
            int outputBufferLength) {
        return JnaNtdll.NtDeviceIoControlFile(fileHandle, event, apcRoutine, apcContext, ioStatusBlock, ioControlCode,
                inputBuffer, inputBufferLength, outputBuffer, outputBufferLength);
    }

    /** Cancels the request whose IO_STATUS_BLOCK is {@code ioRequestToCancel} (every request of the handle when 0). */
    static int NtCancelIoFileEx(long fileHandle, long ioRequestToCancel, long ioStatusBlock) {
        return JnaNtdll.NtCancelIoFileEx(fileHandle, ioRequestToCancel, ioStatusBlock);
    }
}

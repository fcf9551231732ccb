package io.wsnio.backend.winsock;

import static io.wsnio.backend.winsock.WinsockBridge.i;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;
import java.util.Map;
import java.util.Set;

/**
 * The three {@code ntdll.dll} calls the AFD poller makes, through JNA ({@link JnaNtdll}, the
 * default) or java.lang.foreign downcalls ({@code -Dwsnio.winsock.bridge=ffm}, opt-in:
 * {@link WinsockBridge}); JDK 22 and later, in place of the JNA-only class. They return an
 * NTSTATUS and never set the last error, so nothing is captured and there is no
 * {@code lastError()}.
 */
final class Ntdll {
    private Ntdll() { }

    private static final boolean FOREIGN = WinsockBridge.FOREIGN;

    /** The foreign descriptor of every ntdll.dll function here, by name; reading it links nothing. */
    static final Map<String, FunctionDescriptor> DESCRIPTORS = Map.ofEntries(
            Map.entry("NtCreateFile", i(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT,
                    JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT)),
            Map.entry("NtDeviceIoControlFile", i(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT,
                    JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT)),
            Map.entry("NtCancelIoFileEx", i(JAVA_LONG, JAVA_LONG, JAVA_LONG)));

    private static final WinsockBridge.Linked LINKED = WinsockBridge.linkIfForeign("ntdll.dll", DESCRIPTORS, Set.of(),
            null, () -> JnaNtdll.UNAVAILABILITY_CAUSE);
    /** Why ntdll.dll could not be bound, or null when it was. */
    static final Throwable UNAVAILABILITY_CAUSE = LINKED.cause();
    private static final Map<String, MethodHandle> HANDLES = LINKED.handles();

    private static final MethodHandle NT_CREATE_FILE = HANDLES.get("NtCreateFile");
    private static final MethodHandle NT_DEVICE_IO_CONTROL_FILE = HANDLES.get("NtDeviceIoControlFile");
    private static final MethodHandle NT_CANCEL_IO_FILE_EX = HANDLES.get("NtCancelIoFileEx");

    static int NtCreateFile(long fileHandle, int desiredAccess, long objectAttributes, long ioStatusBlock,
            long allocationSize, int fileAttributes, int shareAccess, int createDisposition, int createOptions,
            long eaBuffer, int eaLength) {
        if (!FOREIGN) {
            return JnaNtdll.NtCreateFile(fileHandle, desiredAccess, objectAttributes, ioStatusBlock, allocationSize,
                    fileAttributes, shareAccess, createDisposition, createOptions, eaBuffer, eaLength);
        }
        try {
            return (int) NT_CREATE_FILE.invokeExact(fileHandle, desiredAccess, objectAttributes, ioStatusBlock,
                    allocationSize, fileAttributes, shareAccess, createDisposition, createOptions, eaBuffer,
                    eaLength);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    static int NtDeviceIoControlFile(long fileHandle, long event, long apcRoutine, long apcContext,
            long ioStatusBlock, int ioControlCode, long inputBuffer, int inputBufferLength, long outputBuffer,
            int outputBufferLength) {
        if (!FOREIGN) {
            return JnaNtdll.NtDeviceIoControlFile(fileHandle, event, apcRoutine, apcContext, ioStatusBlock,
                    ioControlCode, inputBuffer, inputBufferLength, outputBuffer, outputBufferLength);
        }
        try {
            return (int) NT_DEVICE_IO_CONTROL_FILE.invokeExact(fileHandle, event, apcRoutine, apcContext,
                    ioStatusBlock, ioControlCode, inputBuffer, inputBufferLength, outputBuffer, outputBufferLength);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    /** Cancels the request whose IO_STATUS_BLOCK is {@code ioRequestToCancel} (every request of the handle when 0). */
    static int NtCancelIoFileEx(long fileHandle, long ioRequestToCancel, long ioStatusBlock) {
        if (!FOREIGN) {
            return JnaNtdll.NtCancelIoFileEx(fileHandle, ioRequestToCancel, ioStatusBlock);
        }
        try {
            return (int) NT_CANCEL_IO_FILE_EX.invokeExact(fileHandle, ioRequestToCancel, ioStatusBlock);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }
}

package io.wsnio.backend.winsock;

import static io.wsnio.backend.winsock.WinsockBridge.i;
import static io.wsnio.backend.winsock.WinsockBridge.l;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;
import java.util.Map;
import java.util.Set;

/**
 * The kernel32 I/O completion port calls the AFD poller makes, through JNA ({@link JnaKernel32Iocp},
 * the default) or java.lang.foreign downcalls ({@code -Dwsnio.winsock.bridge=ffm}, opt-in:
 * {@link WinsockBridge}); JDK 22 and later, in place of the JNA-only class. BOOL results: nonzero
 * on success, then {@link #lastError()}, {@code GetLastError()} as the calling thread's last call
 * here left it. GetQueuedCompletionStatusEx blocks, so no call is linked "critical".
 */
final class Kernel32Iocp {
    private Kernel32Iocp() { }

    private static final boolean FOREIGN = WinsockBridge.FOREIGN;

    /** The foreign descriptor of every kernel32.dll function here, by name; reading it links nothing. */
    static final Map<String, FunctionDescriptor> DESCRIPTORS = Map.ofEntries(
            Map.entry("CreateIoCompletionPort", l(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT)),
            Map.entry("GetQueuedCompletionStatusEx", i(JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT,
                    JAVA_INT)),
            Map.entry("PostQueuedCompletionStatus", i(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG)),
            Map.entry("CloseHandle", i(JAVA_LONG)));

    private static final WinsockBridge.Linked LINKED = WinsockBridge.linkIfForeign("kernel32.dll", DESCRIPTORS, Set.of(),
            WinsockBridge.WIN32, () -> JnaKernel32Iocp.UNAVAILABILITY_CAUSE);
    /** Why kernel32.dll could not be bound, or null when it was. */
    static final Throwable UNAVAILABILITY_CAUSE = LINKED.cause();
    private static final Map<String, MethodHandle> HANDLES = LINKED.handles();

    private static final MethodHandle CREATE_IO_COMPLETION_PORT = HANDLES.get("CreateIoCompletionPort");
    private static final MethodHandle GET_QUEUED_COMPLETION_STATUS_EX = HANDLES.get("GetQueuedCompletionStatusEx");
    private static final MethodHandle POST_QUEUED_COMPLETION_STATUS = HANDLES.get("PostQueuedCompletionStatus");
    private static final MethodHandle CLOSE_HANDLE = HANDLES.get("CloseHandle");

    /** The calling thread's last error, as its last call through this class left it. */
    static int lastError() {
        return FOREIGN ? WinsockBridge.win32Error() : JnaKernel32Iocp.lastError();
    }

    /** A new port ({@code fileHandle} INVALID_HANDLE_VALUE) or the port {@code fileHandle} is now associated with; 0 on failure. */
    static long CreateIoCompletionPort(long fileHandle, long existingCompletionPort, long completionKey,
            int numberOfConcurrentThreads) {
        if (!FOREIGN) {
            return JnaKernel32Iocp.CreateIoCompletionPort(fileHandle, existingCompletionPort, completionKey,
                    numberOfConcurrentThreads);
        }
        try {
            return (long) CREATE_IO_COMPLETION_PORT.invokeExact(WinsockBridge.state(), fileHandle,
                    existingCompletionPort, completionKey, numberOfConcurrentThreads);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    static int GetQueuedCompletionStatusEx(long completionPort, long entries, int count, long numEntriesRemoved,
            int milliseconds, int alertable) {
        if (!FOREIGN) {
            return JnaKernel32Iocp.GetQueuedCompletionStatusEx(completionPort, entries, count, numEntriesRemoved,
                    milliseconds, alertable);
        }
        try {
            return (int) GET_QUEUED_COMPLETION_STATUS_EX.invokeExact(WinsockBridge.state(), completionPort, entries,
                    count, numEntriesRemoved, milliseconds, alertable);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    static int PostQueuedCompletionStatus(long completionPort, int bytesTransferred, long completionKey,
            long overlapped) {
        if (!FOREIGN) {
            return JnaKernel32Iocp.PostQueuedCompletionStatus(completionPort, bytesTransferred, completionKey,
                    overlapped);
        }
        try {
            return (int) POST_QUEUED_COMPLETION_STATUS.invokeExact(WinsockBridge.state(), completionPort,
                    bytesTransferred, completionKey, overlapped);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    static int CloseHandle(long handle) {
        if (!FOREIGN) {
            return JnaKernel32Iocp.CloseHandle(handle);
        }
        try {
            return (int) CLOSE_HANDLE.invokeExact(WinsockBridge.state(), handle);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }
}

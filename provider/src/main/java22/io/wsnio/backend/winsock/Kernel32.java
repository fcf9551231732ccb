package io.wsnio.backend.winsock;

import static io.wsnio.backend.winsock.WinsockBridge.i;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;
import java.util.Map;
import java.util.Set;

/**
 * The two kernel32 calls the Winsock backend makes on socket handles, through JNA
 * ({@link JnaKernel32}, the default) or java.lang.foreign downcalls ({@code -Dwsnio.winsock.bridge=ffm},
 * opt-in: {@link WinsockBridge}); JDK 22 and later, in place of the JNA-only class.
 * {@link #lastError()} is {@code GetLastError()} as the calling thread's last call here left it.
 */
final class Kernel32 {
    private Kernel32() { }

    private static final boolean FOREIGN = WinsockBridge.FOREIGN;

    /** The foreign descriptor of every kernel32.dll function here, by name; reading it links nothing. */
    static final Map<String, FunctionDescriptor> DESCRIPTORS = Map.ofEntries(
            Map.entry("SetHandleInformation", i(JAVA_LONG, JAVA_INT, JAVA_INT)),
            Map.entry("CancelIoEx", i(JAVA_LONG, JAVA_LONG)));

    private static final WinsockBridge.Linked LINKED = WinsockBridge.linkIfForeign("kernel32.dll", DESCRIPTORS, Set.of(),
            WinsockBridge.WIN32, () -> JnaKernel32.UNAVAILABILITY_CAUSE);
    /** Why kernel32.dll could not be bound, or null when it was. */
    static final Throwable UNAVAILABILITY_CAUSE = LINKED.cause();
    private static final Map<String, MethodHandle> HANDLES = LINKED.handles();

    private static final MethodHandle SET_HANDLE_INFORMATION = HANDLES.get("SetHandleInformation");
    private static final MethodHandle CANCEL_IO_EX = HANDLES.get("CancelIoEx");

    /** The calling thread's last error, as its last call through this class left it. */
    static int lastError() {
        return FOREIGN ? WinsockBridge.win32Error() : JnaKernel32.lastError();
    }

    /** BOOL SetHandleInformation(HANDLE, DWORD mask, DWORD flags): nonzero on success. */
    static int SetHandleInformation(long hObject, int dwMask, int dwFlags) {
        if (!FOREIGN) {
            return JnaKernel32.SetHandleInformation(hObject, dwMask, dwFlags);
        }
        try {
            return (int) SET_HANDLE_INFORMATION.invokeExact(WinsockBridge.state(), hObject, dwMask, dwFlags);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }

    /** BOOL CancelIoEx(HANDLE, LPOVERLAPPED): cancels every pending I/O of every thread when NULL. */
    static int CancelIoEx(long hFile, long lpOverlapped) {
        if (!FOREIGN) {
            return JnaKernel32.CancelIoEx(hFile, lpOverlapped);
        }
        try {
            return (int) CANCEL_IO_EX.invokeExact(WinsockBridge.state(), hFile, lpOverlapped);
        } catch (Throwable t) {
            throw WinsockBridge.rethrow(t);
        }
    }
}

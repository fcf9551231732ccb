package io.wsnio.backend.winsock;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which bridge carries the Winsock backend's native calls, and what the java.lang.foreign one
 * shares (JDK 22 and later; the multi-release jar puts this class in place of the JNA-only one).
 * JNA direct mapping is the default; {@code -Dwsnio.winsock.bridge=ffm} makes {@link Ws2_32},
 * {@link Kernel32}, {@link Kernel32Iocp} and {@link Ntdll} call through downcalls instead. That
 * bridge is opt-in because it has never run on Windows (docs/windows.md): what is checked is what
 * can be checked on Linux, that every downcall's descriptor matches the JNA method it replaces.
 *
 * <p>As in the POSIX backend's foreign libc bridge, every pointer, {@code SOCKET} and
 * {@code HANDLE} is a {@code JAVA_LONG} (on x64 Windows they travel in the same registers and
 * stack slots as pointers), so no {@code MemorySegment} is made per call. The last error is captured
 * by the linker right after each call into a small per-thread segment: {@code WSAGetLastError} for
 * ws2_32, {@code GetLastError} for kernel32; ntdll returns an NTSTATUS and captures nothing. The
 * libraries are looked up by the same absolute System32 paths as the JNA classes ({@link SystemDlls}).
 * No call needs a JNA structure or callback: structures live in direct buffers the callers fill,
 * and WSARecvMsg, which ws2_32 does not export, is a downcall on the address WSAIoctl gives.
 *
 * <p>Unlike the POSIX bridge there is no warm-up loop: whether the capture segment's per-call copy
 * is scalar-replaced at these call sites has not been measured, and calling Windows functions with
 * rejected arguments thousands of times at start-up is not something to ship untried.
 */
final class WinsockBridge {
    private WinsockBridge() { }

    /** The foreign downcalls when {@code -Dwsnio.winsock.bridge=ffm}; JNA by default. */
    static final boolean FOREIGN = foreign(System.getProperty("wsnio.winsock.bridge", ""));

    /** The bridge a property value asks for: true for ffm, false for jna or none; anything else is refused. */
    static boolean foreign(String choice) {
        return switch (choice) {
            case "", "jna" -> false;
            case "ffm" -> true;
            default -> throw new IllegalArgumentException("-Dwsnio.winsock.bridge=" + choice
                    + ": unknown Winsock bridge (jna, the default, or ffm, opt-in on JDK 22+)");
        };
    }

    /** "jna" or "ffm", for the backend's name and diagnostics. */
    static String name() {
        return FOREIGN ? "ffm" : "jna";
    }

    /** The captured state ws2_32 calls leave. */
    static final String WSA = "WSAGetLastError";
    /** The captured state kernel32 calls leave. */
    static final String WIN32 = "GetLastError";

    /** The linker and its capture layout, made only on the foreign bridge (JNA's path touches neither). */
    private static final Linker LINKER = FOREIGN ? Linker.nativeLinker() : null;
    private static final StructLayout STATE = FOREIGN ? Linker.Option.captureStateLayout() : null;
    private static final ThreadLocal<MemorySegment> CALL_STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(STATE));
    /** The two fields of the capture segment; null off the foreign bridge or where the layout lacks them. */
    private static final VarHandle WSA_ERROR = FOREIGN ? field(WSA) : null;
    private static final VarHandle WIN32_ERROR = FOREIGN ? field(WIN32) : null;

    private static VarHandle field(String name) {
        try {
            return STATE.varHandle(MemoryLayout.PathElement.groupElement(name));
        } catch (IllegalArgumentException e) {
            return null; // not Windows: capture(name) refuses to link, so nothing reads it
        }
    }

    /** The calling thread's capture segment, the first argument of every capturing downcall. */
    static MemorySegment state() {
        return CALL_STATE.get();
    }

    /** WSAGetLastError as the calling thread's last ws2_32 downcall captured it. */
    static int wsaError() {
        return (int) WSA_ERROR.get(state(), 0L);
    }

    /** GetLastError as the calling thread's last kernel32 downcall captured it. */
    static int win32Error() {
        return (int) WIN32_ERROR.get(state(), 0L);
    }

    static FunctionDescriptor i(MemoryLayout... args) {
        return FunctionDescriptor.of(JAVA_INT, args);
    }

    static FunctionDescriptor l(MemoryLayout... args) {
        return FunctionDescriptor.of(JAVA_LONG, args);
    }

    private static String platform() {
        return System.getProperty("os.name") + " (" + System.getProperty("os.arch") + ")";
    }

    /**
     * The linker option that captures {@code state} after each call. Only Windows' linker knows
     * {@code GetLastError} and {@code WSAGetLastError}; elsewhere the refusal becomes an
     * UnsupportedOperationException that names this platform.
     */
    static Linker.Option capture(String state) {
        try {
            return Linker.Option.captureCallState(state);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedOperationException("the Winsock foreign bridge (-Dwsnio.winsock.bridge=ffm) runs"
                    + " on Windows only: on " + platform() + " the linker refuses to capture " + state
                    + " (" + e.getMessage() + ")", e);
        }
    }

    /** The downcall handles of a library, by function name, or why they could not be made. */
    record Linked(Map<String, MethodHandle> handles, Throwable cause) { }

    /**
     * Links every function of {@code descriptors} but those in {@code skip} in the System32 DLL
     * {@code dll}, capturing {@code captured} (null: nothing). A failure is returned, not thrown,
     * as the JNA classes keep theirs: the backend reports it as why it cannot run.
     */
    static Linked link(String dll, Map<String, FunctionDescriptor> descriptors, Set<String> skip, String captured) {
        try {
            Linker.Option[] options = captured == null ? new Linker.Option[0] : new Linker.Option[] {capture(captured)};
            String path = SystemDlls.path(dll);
            SymbolLookup lookup;
            try {
                lookup = SymbolLookup.libraryLookup(Path.of(path), Arena.global());
            } catch (IllegalArgumentException e) {
                UnsatisfiedLinkError error = new UnsatisfiedLinkError(path + " could not be opened through"
                        + " java.lang.foreign on " + platform() + ": " + e.getMessage());
                error.initCause(e);
                throw error;
            }
            Map<String, MethodHandle> handles = new HashMap<>();
            for (Map.Entry<String, FunctionDescriptor> e : descriptors.entrySet()) {
                if (skip.contains(e.getKey())) {
                    continue;
                }
                Optional<MemorySegment> symbol = lookup.find(e.getKey());
                if (symbol.isEmpty()) {
                    throw new UnsatisfiedLinkError(path + " has no " + e.getKey());
                }
                handles.put(e.getKey(), LINKER.downcallHandle(symbol.get(), e.getValue(), options));
            }
            return new Linked(Map.copyOf(handles), null);
        } catch (RuntimeException | LinkageError e) {
            return new Linked(Map.of(), e);
        }
    }

    /**
     * {@link #link} on the foreign bridge; on JNA, no handles and {@code jnaCause}'s answer (why the
     * JNA class could not bind the DLL, null when it could), asked only there so the foreign bridge
     * never initializes a JNA class.
     */
    static Linked linkIfForeign(String dll, Map<String, FunctionDescriptor> descriptors, Set<String> skip,
            String captured, java.util.function.Supplier<Throwable> jnaCause) {
        return FOREIGN ? link(dll, descriptors, skip, captured) : new Linked(Map.of(), jnaCause.get());
    }

    /** A downcall handle of the function at {@code address} (one that no DLL exports by name). */
    static MethodHandle linkAddress(long address, FunctionDescriptor descriptor, String captured) {
        return LINKER.downcallHandle(MemorySegment.ofAddress(address), descriptor, capture(captured));
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}

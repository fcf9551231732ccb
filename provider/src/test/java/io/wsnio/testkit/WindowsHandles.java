package io.wsnio.testkit;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Windows process facts for the reliability suite: the open handles of this process (a socket is
 * a handle) and its working set.
 *
 * <p>The count is {@code GetProcessHandleCount} where it answers. Wine 8.0 answers 0 (a stub), so
 * there the count is this process's entries in the system handle table,
 * {@code NtQuerySystemInformation(SystemExtendedHandleInformation)} filtered by the process id.
 * Measured under Wine on the Windows JVM: 100 sockets opened (JDK or wsnio) moved it by exactly
 * 100 and closing them brought it back; a brute-force probe of every handle value with
 * {@code GetHandleInformation} gave the same numbers.
 */
public final class WindowsHandles {

    private static final int SYSTEM_EXTENDED_HANDLE_INFORMATION = 64;
    private static final int STATUS_INFO_LENGTH_MISMATCH = 0xC0000004;
    /** SYSTEM_HANDLE_INFORMATION_EX: ULONG_PTR count, ULONG_PTR reserved, then the entries. */
    private static final int TABLE_HEADER = 16;
    /** SYSTEM_HANDLE_TABLE_ENTRY_INFO_EX (x64): Object, UniqueProcessId, HandleValue, access, ..., 40 bytes. */
    private static final int ENTRY_SIZE = 40;
    private static final int ENTRY_PID = 8;
    private static final int ENTRY_HANDLE = 16;
    private static final int ENTRY_TYPE_INDEX = 30;

    interface Kernel32 extends Library {
        Pointer GetCurrentProcess();

        int GetProcessHandleCount(Pointer process, int[] count);

        /** PROCESS_MEMORY_COUNTERS: cb @0, PageFaultCount @4, PeakWorkingSetSize @8, WorkingSetSize @16, ... */
        int K32GetProcessMemoryInfo(Pointer process, Pointer counters, int cb);
    }

    interface Ntdll extends Library {
        int NtQuerySystemInformation(int infoClass, Pointer info, int length, int[] returnLength);

        /** ObjectTypeInformation (2): OBJECT_TYPE_INFORMATION, starting with the UNICODE_STRING TypeName. */
        int NtQueryObject(long handle, int infoClass, Pointer info, int length, int[] returnLength);
    }

    interface Ws2_32 extends Library {
        int getsockopt(long s, int level, int optname, Pointer optval, int[] optlen);
    }

    private static final Kernel32 KERNEL32 = Native.load("kernel32", Kernel32.class);
    private static final Ntdll NTDLL = Native.load("ntdll", Ntdll.class);
    private static final Ws2_32 WS2_32 = Native.load("ws2_32", Ws2_32.class);
    private static final int SOL_SOCKET = 0xffff;
    private static final int SO_TYPE = 0x1008;
    private static final long PID = ProcessHandle.current().pid();
    /** Whether GetProcessHandleCount gives a real figure here (not Wine's 0). */
    private static final boolean HANDLE_COUNT_API = apiCount() > 0;
    private static Memory table = new Memory(1 << 20);

    private WindowsHandles() {
    }

    /** Where the count comes from, for messages. */
    public static String source() {
        return HANDLE_COUNT_API ? "GetProcessHandleCount" : "NtQuerySystemInformation(SystemExtendedHandleInformation)";
    }

    /** The number of open handles of this process. */
    public static synchronized int count() {
        if (HANDLE_COUNT_API) {
            return apiCount();
        }
        Memory t = snapshot();
        long n = t.getLong(0);
        int mine = 0;
        for (long i = 0; i < n; i++) {
            if (t.getLong(TABLE_HEADER + i * ENTRY_SIZE + ENTRY_PID) == PID) {
                mine++;
            }
        }
        return mine;
    }

    /** This process's handle values. */
    private static synchronized long[] handles() {
        Memory t = snapshot();
        long n = t.getLong(0);
        long[] mine = new long[64];
        int k = 0;
        for (long i = 0; i < n; i++) {
            long e = TABLE_HEADER + i * ENTRY_SIZE;
            if (t.getLong(e + ENTRY_PID) == PID) {
                if (k == mine.length) {
                    mine = java.util.Arrays.copyOf(mine, 2 * k);
                }
                mine[k++] = t.getLong(e + ENTRY_HANDLE);
            }
        }
        return java.util.Arrays.copyOf(mine, k);
    }

    /** The open socket handles of this process (the handles getsockopt(SO_TYPE) accepts). */
    public static int socketCount() {
        int n = 0;
        try (Memory v = new Memory(4)) {
            for (long h : handles()) {
                if (WS2_32.getsockopt(h, SOL_SOCKET, SO_TYPE, v, new int[] {4}) == 0) {
                    n++;
                }
            }
        }
        return n;
    }

    /** This process's handles by object type ("File 120, Event 31, ..."; sockets apart), for messages. */
    public static String listing() {
        java.util.Map<String, Integer> byType = new java.util.TreeMap<>();
        try (Memory v = new Memory(4); Memory info = new Memory(1024)) {
            for (long h : handles()) {
                String type;
                if (WS2_32.getsockopt(h, SOL_SOCKET, SO_TYPE, v, new int[] {4}) == 0) {
                    type = "socket";
                } else if (NTDLL.NtQueryObject(h, 2, info, (int) info.size(), new int[1]) == 0) {
                    type = new String(info.getPointer(8).getCharArray(0, (info.getShort(0) & 0xffff) / 2));
                } else {
                    type = "?";
                }
                byType.merge(type, 1, Integer::sum);
            }
        }
        return " " + byType;
    }

    /** The working set (resident memory) in KiB. */
    public static long workingSetKiB() {
        try (Memory c = new Memory(80)) {
            c.clear();
            c.setInt(0, 72); // sizeof(PROCESS_MEMORY_COUNTERS) on x64
            if (KERNEL32.K32GetProcessMemoryInfo(KERNEL32.GetCurrentProcess(), c, 72) == 0) {
                throw new AssertionError("K32GetProcessMemoryInfo failed, error " + Native.getLastError());
            }
            return c.getLong(16) >> 10;
        }
    }

    private static int apiCount() {
        int[] c = new int[1];
        if (KERNEL32.GetProcessHandleCount(KERNEL32.GetCurrentProcess(), c) == 0) {
            throw new AssertionError("GetProcessHandleCount failed, error " + Native.getLastError());
        }
        return c[0];
    }

    private static Memory snapshot() {
        for (;;) {
            int[] needed = new int[1];
            int status = NTDLL.NtQuerySystemInformation(SYSTEM_EXTENDED_HANDLE_INFORMATION, table, (int) table.size(), needed);
            if (status == 0) {
                return table;
            }
            if (status != STATUS_INFO_LENGTH_MISMATCH) {
                throw new AssertionError("NtQuerySystemInformation(SystemExtendedHandleInformation) failed, NTSTATUS 0x"
                        + Integer.toHexString(status));
            }
            long size = Math.max(table.size() * 2, needed[0] + (64L << 10));
            table.close();
            table = new Memory(size);
        }
    }
}

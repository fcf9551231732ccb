package io.wsnio.backend.winsock;

/**
 * The numbers and x64 layouts of the AFD poller ({@link AfdPoller}), under their C names. Like
 * {@link WinsockAbi}, every {@code int}/{@code long} constant is printed by
 * {@code .ci/winsock/probe.c} and compared by {@code WinsockAbiTest}. The AFD structures and
 * IOCTL_AFD_POLL are not in any SDK header: probe.c declares them from their documented layout
 * (ReactOS {@code afd/shared.h}, wepoll, libuv) and the compiler computes sizes and offsets;
 * IO_STATUS_BLOCK, OVERLAPPED_ENTRY, UNICODE_STRING, OBJECT_ATTRIBUTES and the NTSTATUS and
 * Win32 numbers come from the mingw-w64 headers.
 */
final class AfdAbi {
    private AfdAbi() { }

    // IOCTL_AFD_POLL = _AFD_CONTROL_CODE(AFD_POLL = 9, METHOD_BUFFERED) = (FILE_DEVICE_NETWORK 0x12 << 12) | (9 << 2)
    static final int IOCTL_AFD_POLL = 0x00012024;

    // AFD_POLL_* event bits (AFD_POLL_HANDLE_INFO.Events)
    static final int AFD_POLL_RECEIVE = 0x0001;
    static final int AFD_POLL_RECEIVE_EXPEDITED = 0x0002;
    static final int AFD_POLL_SEND = 0x0004;
    static final int AFD_POLL_DISCONNECT = 0x0008;
    static final int AFD_POLL_ABORT = 0x0010;
    static final int AFD_POLL_LOCAL_CLOSE = 0x0020;
    static final int AFD_POLL_CONNECT = 0x0040;
    static final int AFD_POLL_ACCEPT = 0x0080;
    static final int AFD_POLL_CONNECT_FAIL = 0x0100;

    // AFD_POLL_HANDLE_INFO { HANDLE Handle; ULONG Events; NTSTATUS Status; }
    static final int AFD_POLL_HANDLE_INFO_SIZE = 16;
    static final int AFD_POLL_HANDLE_INFO_HANDLE = 0;
    static final int AFD_POLL_HANDLE_INFO_EVENTS = 8;
    static final int AFD_POLL_HANDLE_INFO_STATUS = 12;

    // AFD_POLL_INFO { LARGE_INTEGER Timeout; ULONG NumberOfHandles; ULONG Exclusive; AFD_POLL_HANDLE_INFO Handles[1]; }
    static final int AFD_POLL_INFO_SIZE = 32;
    static final int AFD_POLL_INFO_TIMEOUT = 0;
    static final int AFD_POLL_INFO_NUMBER_OF_HANDLES = 8;
    static final int AFD_POLL_INFO_EXCLUSIVE = 12;
    static final int AFD_POLL_INFO_HANDLES = 16;

    // IO_STATUS_BLOCK { union { NTSTATUS Status; PVOID Pointer; }; ULONG_PTR Information; }
    static final int IO_STATUS_BLOCK_SIZE = 16;
    static final int IO_STATUS_BLOCK_STATUS = 0;
    static final int IO_STATUS_BLOCK_INFORMATION = 8;

    // OVERLAPPED_ENTRY { ULONG_PTR lpCompletionKey; LPOVERLAPPED lpOverlapped; ULONG_PTR Internal; DWORD dwNumberOfBytesTransferred; }
    static final int OVERLAPPED_ENTRY_SIZE = 32;
    static final int OVERLAPPED_ENTRY_COMPLETION_KEY = 0;
    static final int OVERLAPPED_ENTRY_OVERLAPPED = 8;
    static final int OVERLAPPED_ENTRY_INTERNAL = 16;
    static final int OVERLAPPED_ENTRY_BYTES = 24;

    // UNICODE_STRING and OBJECT_ATTRIBUTES, for NtCreateFile
    static final int UNICODE_STRING_SIZE = 16;
    static final int UNICODE_STRING_LENGTH = 0;
    static final int UNICODE_STRING_MAXIMUM_LENGTH = 2;
    static final int UNICODE_STRING_BUFFER = 8;
    static final int OBJECT_ATTRIBUTES_SIZE = 48;
    static final int OBJECT_ATTRIBUTES_LENGTH = 0;
    static final int OBJECT_ATTRIBUTES_OBJECT_NAME = 16;
    static final int OBJECT_ATTRIBUTES_ATTRIBUTES = 24;

    // WSAIoctl: the base service provider's handle of a socket (what AFD knows)
    static final int SIO_BASE_HANDLE = 0x48000022;

    // NtCreateFile arguments
    static final int SYNCHRONIZE = 0x00100000;
    static final int FILE_SHARE_READ = 0x1;
    static final int FILE_SHARE_WRITE = 0x2;
    static final int FILE_OPEN = 1;

    // NTSTATUS values
    static final int STATUS_SUCCESS = 0;
    static final int STATUS_PENDING = 0x103;
    static final int STATUS_INVALID_HANDLE = 0xC0000008;
    static final int STATUS_OBJECT_NAME_NOT_FOUND = 0xC0000034;
    static final int STATUS_NOT_SUPPORTED = 0xC00000BB;
    static final int STATUS_CANCELLED = 0xC0000120;
    static final int STATUS_NOT_FOUND = 0xC0000225;

    // Win32 numbers around GetQueuedCompletionStatusEx
    static final int WAIT_TIMEOUT = 258;
    static final int ERROR_ABANDONED_WAIT_0 = 735;
    static final int INFINITE = 0xFFFFFFFF;

    /** NT_ERROR(status): severity bits 11. */
    static boolean isError(int status) {
        return (status >>> 30) == 3;
    }

    /** The C name of the NTSTATUS values the poller meets, else its hexadecimal value. */
    static String statusName(int status) {
        switch (status) {
            case STATUS_SUCCESS: return "STATUS_SUCCESS";
            case STATUS_PENDING: return "STATUS_PENDING";
            case STATUS_INVALID_HANDLE: return "STATUS_INVALID_HANDLE";
            case STATUS_OBJECT_NAME_NOT_FOUND: return "STATUS_OBJECT_NAME_NOT_FOUND";
            case STATUS_NOT_SUPPORTED: return "STATUS_NOT_SUPPORTED";
            case STATUS_CANCELLED: return "STATUS_CANCELLED";
            case STATUS_NOT_FOUND: return "STATUS_NOT_FOUND";
            default: return String.format("NTSTATUS 0x%08X", status);
        }
    }
}

package io.wsnio.backend.winsock;

import static io.wsnio.backend.winsock.AfdAbi.*;

import io.wsnio.nativeio.NativeErrors;
import io.wsnio.nativeio.Readiness;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link NativePoller} over AFD polls and an I/O completion port, the technique of wepoll (the
 * JDK's WEPoll) and libuv on Windows. One helper handle on {@code \Device\Afd\Wsnio}, associated
 * with the port, carries every poll; each watched socket (by its SIO_BASE_HANDLE) has at most one
 * IOCTL_AFD_POLL outstanding, re-armed at the start of the next {@link #poll} after it completes
 * (so readiness is level-triggered, like epoll), and cancelled with NtCancelIoFileEx when the
 * interest grows or the socket is removed. Wake-ups are PostQueuedCompletionStatus packets.
 *
 * <p>Memory: each registration owns a 48-byte off-heap block (IO_STATUS_BLOCK + AFD_POLL_INFO)
 * that the kernel writes when the poll completes. Blocks live in chunks that are never moved; a
 * block is reused only after its completion packet has been dequeued, so a removed (or closed)
 * socket whose poll is still pending keeps its block until the cancellation's completion arrives.
 * {@link #close} cancels every poll and drains the port; a block whose completion never came is
 * kept reachable for the life of the JVM instead of being freed. Nothing is allocated per poll: the
 * OVERLAPPED_ENTRY array is off-heap and reused, the maps are primitive.
 */
final class AfdPoller extends WinsockPoller {
    private static final System.Logger LOG = System.getLogger("io.wsnio");

    /** Completion keys: poll completions on the AFD helper handle, and wake-up packets. */
    private static final long KEY_POLL = 1;
    private static final long KEY_WAKE = 2;

    private static final int BLOCK_SIZE = IO_STATUS_BLOCK_SIZE + AFD_POLL_INFO_SIZE;
    private static final int INFO = IO_STATUS_BLOCK_SIZE;   // AFD_POLL_INFO offset in a block
    private static final int CHUNK_SLOTS = 64;
    private static final int MAX_ENTRIES = 1024;
    private static final String DEVICE = "\\Device\\Afd\\Wsnio";

    /** Blocks the kernel may still write after a poller was closed: kept reachable, never freed. */
    private static final List<ByteBuffer> ABANDONED = new ArrayList<>();

    private final long port;
    private final long afd;

    // off-heap blocks, carved from chunks that never move; retired blocks are never reused
    private final List<ByteBuffer> chunks = new ArrayList<>();
    private int blockCount;
    private int retiredBlocks;

    // registrations ("slots"), struct-of-arrays
    private int slotCount;
    private long[] slotBlock = new long[0];      // block address
    private ByteBuffer[] slotChunk = new ByteBuffer[0];
    private int[] slotOffset = new int[0];        // block offset in its chunk
    private long[] slotHandle = new long[0];     // the watched handle; 0 when free
    private long[] slotBase = new long[0];       // its SIO_BASE_HANDLE
    private int[] slotInterest = new int[0];     // wanted Readiness bits
    private int[] slotArmed = new int[0];        // AFD events of the outstanding poll
    private boolean[] slotPending = new boolean[0];    // the kernel owns the block
    private boolean[] slotCancelling = new boolean[0]; // NtCancelIoFileEx issued for the outstanding poll
    private boolean[] slotRemoved = new boolean[0];    // no longer watched: free when the poll completes
    private boolean[] slotDead = new boolean[0];       // the socket was closed or is invalid: never re-arm
    private boolean[] slotQueued = new boolean[0];     // in the update queue
    private int[] freeSlots = new int[0];
    private int freeCount;
    private final LongIntMap byHandle = new LongIntMap(16);
    private final LongIntMap byBlock = new LongIntMap(16);
    private int[] updates = new int[16];
    private int updateCount;
    private int pendingCount;
    private int resultless;

    private ByteBuffer entries;
    private long entriesAddress;
    private int entryCapacity = 64;
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(32).order(ByteOrder.LITTLE_ENDIAN);
    private final long scratchAddress = DirectBuffers.address(scratch);


    AfdPoller() throws IOException {
        if (Ntdll.UNAVAILABILITY_CAUSE != null) {
            throw new IOException("AFD poller: ntdll.dll could not be bound", Ntdll.UNAVAILABILITY_CAUSE);
        }
        if (Kernel32Iocp.UNAVAILABILITY_CAUSE != null) {
            throw new IOException("AFD poller: kernel32.dll could not be bound", Kernel32Iocp.UNAVAILABILITY_CAUSE);
        }
        allocateEntries(entryCapacity);
        long p = Kernel32Iocp.CreateIoCompletionPort(-1L, 0L, 0L, 1);
        if (p == 0) {
            throw win32("CreateIoCompletionPort", Kernel32Iocp.lastError());
        }
        long h;
        try {
            h = openAfd();
            if (Kernel32Iocp.CreateIoCompletionPort(h, p, KEY_POLL, 0) == 0) {
                int e = Kernel32Iocp.lastError();
                Kernel32Iocp.CloseHandle(h);
                throw win32("CreateIoCompletionPort(" + DEVICE + ")", e);
            }
        } catch (IOException | RuntimeException e) {
            Kernel32Iocp.CloseHandle(p);
            throw e;
        }
        port = p;
        afd = h;
    }

    /** Opens the AFD helper handle with NtCreateFile; a refusal names its NTSTATUS. */
    private static long openAfd() throws IOException {
        char[] name = DEVICE.toCharArray();
        ByteBuffer b = ByteBuffer.allocateDirect(256).order(ByteOrder.LITTLE_ENDIAN);
        long base = DirectBuffers.address(b);
        int nameAt = 128, unicodeAt = 64, attributesAt = 0, iosbAt = 96, handleAt = 112;
        for (int i = 0; i < name.length; i++) {
            b.putChar(nameAt + 2 * i, name[i]);
        }
        b.putShort(unicodeAt + UNICODE_STRING_LENGTH, (short) (2 * name.length));
        b.putShort(unicodeAt + UNICODE_STRING_MAXIMUM_LENGTH, (short) (2 * name.length));
        b.putLong(unicodeAt + UNICODE_STRING_BUFFER, base + nameAt);
        b.putInt(attributesAt + OBJECT_ATTRIBUTES_LENGTH, OBJECT_ATTRIBUTES_SIZE);
        b.putLong(attributesAt + OBJECT_ATTRIBUTES_OBJECT_NAME, base + unicodeAt);
        int status = Ntdll.NtCreateFile(base + handleAt, SYNCHRONIZE, base + attributesAt, base + iosbAt, 0L, 0,
                FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_OPEN, 0, 0L, 0);
        if (status != STATUS_SUCCESS) {
            throw ntstatus("NtCreateFile(" + DEVICE + ")", status);
        }
        return b.getLong(handleAt);
    }

    private static IOException ntstatus(String call, int status) {
        return NativeErrors.exception(call, statusName(status), status,
                "the AFD poller cannot work here; -Dwsnio.winsock.poller=wsapoll selects WSAPoll");
    }

    private static IOException win32(String call, int error) {
        return NativeErrors.exception(call, "ERROR_" + error, error, "Win32 error " + error);
    }

    private void allocateEntries(int capacity) {
        entries = ByteBuffer.allocateDirect(capacity * OVERLAPPED_ENTRY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        entriesAddress = DirectBuffers.address(entries);
        entryCapacity = capacity;
    }

    // ---------------------------------------------------------------- slots

    private int allocateSlot() {
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        int s = slotCount;
        if (s == slotBlock.length) {
            int n = Math.max(CHUNK_SLOTS, s * 2);
            slotBlock = Arrays.copyOf(slotBlock, n);
            slotChunk = Arrays.copyOf(slotChunk, n);
            slotOffset = Arrays.copyOf(slotOffset, n);
            slotHandle = Arrays.copyOf(slotHandle, n);
            slotBase = Arrays.copyOf(slotBase, n);
            slotInterest = Arrays.copyOf(slotInterest, n);
            slotArmed = Arrays.copyOf(slotArmed, n);
            slotPending = Arrays.copyOf(slotPending, n);
            slotCancelling = Arrays.copyOf(slotCancelling, n);
            slotRemoved = Arrays.copyOf(slotRemoved, n);
            slotDead = Arrays.copyOf(slotDead, n);
            slotQueued = Arrays.copyOf(slotQueued, n);
            freeSlots = Arrays.copyOf(freeSlots, n);
        }
        slotCount++;
        giveBlock(s);
        return s;
    }

    /** Gives slot {@code s} a block of its own, never used before. */
    private void giveBlock(int s) {
        int b = blockCount++;
        if (b % CHUNK_SLOTS == 0) {
            chunks.add(ByteBuffer.allocateDirect(CHUNK_SLOTS * BLOCK_SIZE).order(ByteOrder.LITTLE_ENDIAN));
        }
        ByteBuffer chunk = chunks.get(b / CHUNK_SLOTS);
        slotChunk[s] = chunk;
        slotOffset[s] = (b % CHUNK_SLOTS) * BLOCK_SIZE;
        slotBlock[s] = DirectBuffers.address(chunk) + slotOffset[s];
        byBlock.put(slotBlock[s], s);
    }

    /**
     * Retires the block of slot {@code s} for good (it stays allocated and is never reused, in
     * case a late write still lands in it) and gives the slot a fresh one.
     */
    private void retireBlock(int s) {
        byBlock.remove(slotBlock[s]);
        retiredBlocks++;
        giveBlock(s);
    }

    /** Returns a slot whose block the kernel no longer owns to the free list. */
    private void freeSlot(int s) {
        slotHandle[s] = 0;
        slotBase[s] = 0;
        slotInterest[s] = 0;
        slotArmed[s] = 0;
        slotRemoved[s] = false;
        slotDead[s] = false;
        slotCancelling[s] = false;
        freeSlots[freeCount++] = s;
    }

    private ByteBuffer chunkOf(int s) {
        return slotChunk[s];
    }

    private int offsetOf(int s) {
        return slotOffset[s];
    }

    private void queue(int s) {
        if (slotQueued[s]) {
            return;
        }
        if (updateCount == updates.length) {
            updates = Arrays.copyOf(updates, updateCount * 2);
        }
        slotQueued[s] = true;
        updates[updateCount++] = s;
    }

    /** The handle AFD knows for {@code handle}: WSAIoctl(SIO_BASE_HANDLE), past any layered provider. */
    private long baseHandle(long handle) throws IOException {
        int r = Ws2_32.WSAIoctl(handle, SIO_BASE_HANDLE, 0L, 0, scratchAddress, 8, scratchAddress + 8, 0L, 0L);
        if (r != 0) {
            throw WinsockErrors.exception("WSAIoctl(SIO_BASE_HANDLE)", Ws2_32.lastError());
        }
        return scratch.getLong(0);
    }

    // ---------------------------------------------------------------- NativePoller

    @Override
    public void add(long handle, int events) throws IOException {
        ensureOpen();
        if (byHandle.get(handle) >= 0) {
            throw new IllegalStateException("handle " + handle + " is already watched");
        }
        long base = baseHandle(handle);
        int s = allocateSlot();
        slotHandle[s] = handle;
        slotBase[s] = base;
        slotInterest[s] = events;
        byHandle.put(handle, s);
        queue(s);
    }

    @Override
    public void modify(long handle, int events) throws IOException {
        ensureOpen();
        int s = byHandle.get(handle);
        if (s < 0) {
            throw new IllegalStateException("handle " + handle + " is not watched");
        }
        slotInterest[s] = events;
        slotDead[s] = false;
        queue(s);
    }

    /**
     * Stops watching at once: an outstanding poll is cancelled now (the caller may close the
     * socket next), and its block is freed only when the cancellation's completion is dequeued.
     */
    @Override
    public void remove(long handle) throws IOException {
        ensureOpen();
        int s = byHandle.remove(handle);
        if (s < 0) {
            throw new IllegalStateException("handle " + handle + " is not watched");
        }
        if (slotPending[s]) {
            slotRemoved[s] = true;
            cancel(s);
        } else {
            freeSlot(s);
        }
    }

    private void cancel(int s) {
        if (slotCancelling[s]) {
            return;
        }
        slotCancelling[s] = true;
        // STATUS_NOT_FOUND: the poll completed and its packet is queued; either way a packet comes
        Ntdll.NtCancelIoFileEx(afd, slotBlock[s], scratchAddress + 16);
    }

    /** AFD events for Readiness interest; errors and a local close are always asked for. */
    static int toAfd(int readiness) {
        int e = AFD_POLL_LOCAL_CLOSE | AFD_POLL_ABORT | AFD_POLL_CONNECT_FAIL;
        if ((readiness & Readiness.IN) != 0) {
            e |= AFD_POLL_RECEIVE | AFD_POLL_ACCEPT | AFD_POLL_DISCONNECT;
        }
        if ((readiness & Readiness.PRI) != 0) {
            e |= AFD_POLL_RECEIVE_EXPEDITED;
        }
        if ((readiness & Readiness.OUT) != 0) {
            e |= AFD_POLL_SEND;
        }
        return e;
    }

    /**
     * Readiness for reported AFD events: a graceful close by the peer is IN|RDHUP (as epoll
     * reports it: the next read returns end of stream), a reset ERR|HUP, a failed connect ERR,
     * a local close NVAL.
     */
    static int fromAfd(int afdEvents) {
        int r = 0;
        if ((afdEvents & (AFD_POLL_RECEIVE | AFD_POLL_ACCEPT)) != 0) {
            r |= Readiness.IN;
        }
        if ((afdEvents & AFD_POLL_RECEIVE_EXPEDITED) != 0) {
            r |= Readiness.PRI;
        }
        if ((afdEvents & AFD_POLL_SEND) != 0) {
            r |= Readiness.OUT;
        }
        if ((afdEvents & AFD_POLL_DISCONNECT) != 0) {
            r |= Readiness.IN | Readiness.RDHUP;
        }
        if ((afdEvents & AFD_POLL_ABORT) != 0) {
            r |= Readiness.ERR | Readiness.HUP;
        }
        if ((afdEvents & AFD_POLL_CONNECT_FAIL) != 0) {
            r |= Readiness.ERR;
        }
        if ((afdEvents & AFD_POLL_LOCAL_CLOSE) != 0) {
            r |= Readiness.NVAL;
        }
        return r;
    }

    /** Applies queued interest changes and re-arms completed polls (selector thread). */
    private void applyUpdates() throws IOException {
        for (int i = 0; i < updateCount; i++) {
            int s = updates[i];
            slotQueued[s] = false;
            if (slotHandle[s] == 0 || slotRemoved[s] || slotDead[s]) {
                continue;
            }
            int want = slotInterest[s] == 0 ? 0 : toAfd(slotInterest[s]);
            if (slotPending[s]) {
                if ((want & ~slotArmed[s]) != 0 || want == 0) {
                    cancel(s);   // its completion queues the slot again, then it is re-armed
                }
                continue;
            }
            if (want != 0) {
                submit(s, want);
            }
        }
        updateCount = 0;
    }

    private void submit(int s, int afdEvents) throws IOException {
        ByteBuffer c = chunkOf(s);
        int at = offsetOf(s);
        long block = slotBlock[s];
        c.putLong(at + IO_STATUS_BLOCK_STATUS, STATUS_PENDING);
        c.putLong(at + IO_STATUS_BLOCK_INFORMATION, 0L);
        c.putLong(at + INFO + AFD_POLL_INFO_TIMEOUT, Long.MAX_VALUE);
        c.putInt(at + INFO + AFD_POLL_INFO_NUMBER_OF_HANDLES, 1);
        c.putInt(at + INFO + AFD_POLL_INFO_EXCLUSIVE, 0);
        c.putLong(at + INFO + AFD_POLL_INFO_HANDLES + AFD_POLL_HANDLE_INFO_HANDLE, slotBase[s]);
        c.putInt(at + INFO + AFD_POLL_INFO_HANDLES + AFD_POLL_HANDLE_INFO_EVENTS, afdEvents);
        c.putInt(at + INFO + AFD_POLL_INFO_HANDLES + AFD_POLL_HANDLE_INFO_STATUS, 0);
        int status = Ntdll.NtDeviceIoControlFile(afd, 0L, 0L, block, block, IOCTL_AFD_POLL,
                block + INFO, AFD_POLL_INFO_SIZE, block + INFO, AFD_POLL_INFO_SIZE);
        if (!isError(status)) {
            // pending, or done at once: either way one completion packet will be queued
            slotPending[s] = true;
            slotCancelling[s] = false;
            slotArmed[s] = afdEvents;
            pendingCount++;
        } else if (status == STATUS_INVALID_HANDLE) {
            // closed without remove(): report it once, as WSAPoll reports POLLNVAL
            slotDead[s] = true;
            addReady(slotHandle[s], Readiness.NVAL);
        } else {
            throw ntstatus("NtDeviceIoControlFile(IOCTL_AFD_POLL)", status);
        }
    }

    /** A dequeued completion of slot {@code s}: the kernel is done with its block. */
    private void completed(int s) {
        slotPending[s] = false;
        slotCancelling[s] = false;
        slotArmed[s] = 0;
        pendingCount--;
        ByteBuffer c = chunkOf(s);
        int at = offsetOf(s);
        int status = c.getInt(at + IO_STATUS_BLOCK_STATUS);
        if (status == STATUS_PENDING) {
            // A packet for a poll whose IO_STATUS_BLOCK was never written (seen under Wine 8.0
            // for a poll issued by a thread that has since ended: Wine copies the result in an
            // APC of the issuing thread). The block holds no result: retire it, re-arm the slot.
            resultless++;
            retireBlock(s);
            if (slotRemoved[s]) {
                freeSlot(s);
            } else {
                queue(s);
            }
            return;
        }
        if (slotRemoved[s]) {
            freeSlot(s);
            return;
        }
        if (status == STATUS_CANCELLED) {
            queue(s);   // cancelled for an interest change (or by a thread's CancelIoEx): re-arm
            return;
        }
        int events;
        if (isError(status)) {
            events = status == STATUS_INVALID_HANDLE ? Readiness.NVAL : Readiness.ERR;
        } else {
            int n = c.getInt(at + INFO + AFD_POLL_INFO_NUMBER_OF_HANDLES);
            events = n > 0 ? fromAfd(c.getInt(at + INFO + AFD_POLL_INFO_HANDLES + AFD_POLL_HANDLE_INFO_EVENTS)) : 0;
        }
        if ((events & Readiness.NVAL) != 0) {
            slotDead[s] = true;   // the socket is gone: never re-armed (until modify)
        } else {
            queue(s);             // level-triggered: polled again before the next wait
        }
        events &= slotInterest[s] | Readiness.ERR | Readiness.HUP | Readiness.RDHUP | Readiness.NVAL;
        if (events != 0) {
            addReady(slotHandle[s], events);
        }
    }

    @Override
    public int poll(int timeoutMillis) throws IOException {
        ensureOpen();
        clearReady();
        long deadline = timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000L : 0L;
        while (true) {
            applyUpdates();
            int wait;
            if (readyCount() > 0 || timeoutMillis == 0) {
                wait = 0;
            } else if (timeoutMillis < 0) {
                wait = INFINITE;
            } else {
                long left = deadline - System.nanoTime();
                wait = left <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE - 1, (left + 999_999) / 1_000_000);
            }
            int ok = Kernel32Iocp.GetQueuedCompletionStatusEx(port, entriesAddress, entryCapacity, scratchAddress, wait, 0);
            if (ok == 0) {
                int e = Kernel32Iocp.lastError();
                if (e == WAIT_TIMEOUT) {
                    return readyCount();
                }
                throw win32("GetQueuedCompletionStatusEx", e);
            }
            int n = scratch.getInt(0);
            boolean woken = false;
            for (int i = 0; i < n; i++) {
                int at = i * OVERLAPPED_ENTRY_SIZE;
                long key = entries.getLong(at + OVERLAPPED_ENTRY_COMPLETION_KEY);
                long overlapped = entries.getLong(at + OVERLAPPED_ENTRY_OVERLAPPED);
                if (key == KEY_WAKE) {
                    // a packet of a wake-up already consumed by drainWakeup() is stale: ignored
                    woken |= wakeupPending();
                    continue;
                }
                int s = byBlock.get(overlapped);
                if (s >= 0 && slotPending[s]) {
                    completed(s);
                }
            }
            if (n == entryCapacity && entryCapacity < MAX_ENTRIES) {
                allocateEntries(entryCapacity * 2);
            }
            if (readyCount() > 0 || woken || timeoutMillis == 0) {
                return readyCount();
            }
            if (timeoutMillis > 0 && deadline - System.nanoTime() <= 0) {
                return 0;
            }
            // only cancellations or events nobody wants: re-arm and wait again
        }
    }

    /** The wake-up: a packet on the completion port under its own key. */
    @Override
    boolean signalWakeup() throws IOException {
        if (Kernel32Iocp.PostQueuedCompletionStatus(port, 0, KEY_WAKE, 0L) == 0) {
            throw win32("PostQueuedCompletionStatus", Kernel32Iocp.lastError());
        }
        return true;
    }

    /** Re-arms {@link #wakeup()}; a packet still queued for the consumed wake-up is ignored when dequeued. */
    @Override
    public void drainWakeup() throws IOException {
        ensureOpen();
        rearmWakeup();
    }

    /** The number of watched handles. */
    int size() {
        return byHandle.size();
    }

    /** Completion packets that came without a result (their blocks were retired). */
    int resultlessCompletions() {
        return resultless;
    }

    /** Polls the kernel still owns (outstanding, or completed and not yet dequeued). */
    int pendingPolls() {
        return pendingCount;
    }

    /**
     * Cancels every outstanding poll and dequeues their completions (up to 5 s) before the blocks
     * can be released; blocks still owned by the kernel after that are kept for the JVM's life.
     */
    @Override
    void release() {
        if (pendingCount > 0) {
            Ntdll.NtCancelIoFileEx(afd, 0L, scratchAddress + 16);
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (pendingCount > 0 && deadline - System.nanoTime() > 0) {
            int ok = Kernel32Iocp.GetQueuedCompletionStatusEx(port, entriesAddress, entryCapacity, scratchAddress, 100, 0);
            if (ok == 0) {
                if (Kernel32Iocp.lastError() != WAIT_TIMEOUT) {
                    break;
                }
                continue;
            }
            int n = scratch.getInt(0);
            for (int i = 0; i < n; i++) {
                long overlapped = entries.getLong(i * OVERLAPPED_ENTRY_SIZE + OVERLAPPED_ENTRY_OVERLAPPED);
                int s = overlapped == 0 ? -1 : byBlock.get(overlapped);
                if (s >= 0 && slotPending[s]) {
                    slotPending[s] = false;
                    pendingCount--;
                    if (chunkOf(s).getInt(offsetOf(s) + IO_STATUS_BLOCK_STATUS) == STATUS_PENDING) {
                        retiredBlocks++;   // a packet without a result: its block is never released
                    }
                }
            }
        }
        if (pendingCount > 0 || retiredBlocks > 0) {
            if (pendingCount > 0) {
                LOG.log(System.Logger.Level.WARNING, "AFD poller closed with {0} poll(s) never completed;"
                        + " their memory is kept for the life of the JVM", pendingCount);
            }
            synchronized (ABANDONED) {
                ABANDONED.addAll(chunks);
            }
        }
        Kernel32Iocp.CloseHandle(afd);
        Kernel32Iocp.CloseHandle(port);
    }
}

package io.wsnio.backend.posix;

import io.wsnio.nativeio.NativeErrors;
import io.wsnio.nativeio.NativePoller;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Level-triggered epoll with an eventfd for wake-ups. The ready-event array is off-heap, allocated
 * once, and only grows; nothing is allocated per poll. Readiness bits are epoll's, which are the
 * seam's {@link io.wsnio.nativeio.Readiness} values.
 *
 * <p>The eventfd alone is registered edge-triggered: every write to it is a new edge, reported by
 * exactly one epoll_wait, so a wake-up costs one system call (the waker's write) and the selector
 * does not read the counter back unless the wake-up raced past the poll. The JDK's selector reads its
 * eventfd after every wake-up: one system call more per wake-up (SelectorWakeup benchmark). The
 * counter only grows by one per wake-up that was not already pending, so it cannot reach its
 * 2^64-2 limit in the life of a process.
 */
final class EpollPoller implements NativePoller {
    private static final int INITIAL_EVENTS = 256;
    private static final int MAX_EVENTS = 8192;

    private final int epfd;
    private final int eventfd;
    private final ByteBuffer ctl;        // one epoll_event for epoll_ctl
    private final long ctlAddress;
    private final ByteBuffer wakeBuf;    // 8 bytes for eventfd read/write
    private final long wakeAddress;
    private ByteBuffer events;
    private long eventsAddress;
    private int capacity;
    private int registered;
    private int ready;                   // entries of the last poll, wake-up removed
    private boolean wokenByLastPoll;     // the last poll reported the eventfd's edge
    private final Object wakeLock = new Object();  // wakeup() against close(): never write a closed eventfd
    private boolean closed;                        // guarded by wakeLock

    EpollPoller() throws IOException {
        epfd = LibC.epoll_create1(LinuxAbi.EPOLL_CLOEXEC);
        if (epfd < 0) {
            throw PosixNet.error("epoll_create1");
        }
        eventfd = LibC.eventfd(0, LinuxAbi.EFD_NONBLOCK | LinuxAbi.EFD_CLOEXEC);
        if (eventfd < 0) {
            IOException e = PosixNet.error("eventfd");
            LibC.close(epfd);
            throw e;
        }
        try {
            ctl = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
            ctlAddress = address(ctl);
            wakeBuf = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
            wakeAddress = address(wakeBuf);
            allocate(INITIAL_EVENTS);
            control(LinuxAbi.EPOLL_CTL_ADD, eventfd, LinuxAbi.POLLIN | LinuxAbi.EPOLLET);
        } catch (IOException | RuntimeException | Error e) {
            // an allocation (OutOfMemoryError: direct buffer memory) or the registration failed
            LibC.close(eventfd);
            LibC.close(epfd);
            throw e;
        }
    }

    private static long address(ByteBuffer b) {
        return Buffers.address(b);
    }

    private void allocate(int n) {
        events = ByteBuffer.allocateDirect(n * LinuxAbi.EPOLL_EVENT_SIZE).order(ByteOrder.nativeOrder());
        eventsAddress = address(events);
        capacity = n;
    }

    private void control(int op, int fd, int ev) throws IOException {
        ctl.putInt(0, ev);
        ctl.putLong(LinuxAbi.EPOLL_DATA_OFFSET, fd);
        if (LibC.epoll_ctl(epfd, op, fd, ctlAddress) < 0) {
            int errno = LibC.errno();
            throw NativeErrors.exception("epoll_ctl", Errno.name(errno), errno, Errno.description(errno));
        }
    }

    private static int fd(long handle) {
        if (handle < 0 || handle > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("not a file descriptor: " + handle);
        }
        return (int) handle;
    }

    @Override
    public void add(long handle, int events) throws IOException {
        control(LinuxAbi.EPOLL_CTL_ADD, fd(handle), events);
        registered++;
    }

    @Override
    public void modify(long handle, int events) throws IOException {
        control(LinuxAbi.EPOLL_CTL_MOD, fd(handle), events);
    }

    @Override
    public void remove(long handle) throws IOException {
        control(LinuxAbi.EPOLL_CTL_DEL, fd(handle), 0);
        registered--;
    }

    @Override
    public int poll(int timeoutMillis) throws IOException {
        if (registered + 1 > capacity && capacity < MAX_EVENTS) {
            allocate(Math.min(MAX_EVENTS, Math.max(capacity * 2, registered + 1)));
        }
        long deadline = timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000L : 0;
        int timeout = timeoutMillis;
        int n;
        for (;;) {
            n = LibC.epoll_wait(epfd, eventsAddress, capacity, timeout);
            if (n >= 0) {
                break;
            }
            int errno = LibC.errno();
            if (errno != LinuxAbi.EINTR) {
                throw NativeErrors.exception("epoll_wait", Errno.name(errno), errno, Errno.description(errno));
            }
            // a signal handler ran: epoll_wait is never restarted by the kernel, so wait again
            // for what is left of the timeout (as the JDK's selector does)
            if (timeoutMillis > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    n = 0;
                    break;
                }
                timeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000));
            }
        }
        // drop the eventfd entry (swap the last one into its place)
        wokenByLastPoll = false;
        for (int i = 0; i < n; i++) {
            if (events.getLong(i * LinuxAbi.EPOLL_EVENT_SIZE + LinuxAbi.EPOLL_DATA_OFFSET) == eventfd) {
                int last = (n - 1) * LinuxAbi.EPOLL_EVENT_SIZE;
                events.putInt(i * LinuxAbi.EPOLL_EVENT_SIZE, events.getInt(last));
                events.putLong(i * LinuxAbi.EPOLL_EVENT_SIZE + LinuxAbi.EPOLL_DATA_OFFSET,
                        events.getLong(last + LinuxAbi.EPOLL_DATA_OFFSET));
                n--;
                wokenByLastPoll = true;
                break;
            }
        }
        ready = n;
        return n;
    }

    @Override
    public long handleAt(int i) {
        checkIndex(i);
        return events.getLong(i * LinuxAbi.EPOLL_EVENT_SIZE + LinuxAbi.EPOLL_DATA_OFFSET);
    }

    @Override
    public int eventsAt(int i) {
        checkIndex(i);
        return events.getInt(i * LinuxAbi.EPOLL_EVENT_SIZE);
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= ready) {
            throw new IndexOutOfBoundsException("ready entry " + i + " of " + ready);
        }
    }

    @Override
    public long waitHandle() {
        return epfd;
    }

    @Override
    public void wakeup() throws IOException {
        synchronized (wakeLock) {
            if (closed) {
                // the eventfd is closed and its number may belong to another file by now
                return;
            }
            // the buffer is shared by wakers; any non-zero value does
            wakeBuf.putLong(0, 1L);
            if (LibC.write(eventfd, wakeAddress, 8) < 0) {
                int errno = LibC.errno();
                if (errno != LinuxAbi.EAGAIN) { // counter saturated: already pending
                    throw NativeErrors.exception("write(eventfd)", Errno.name(errno), errno, Errno.description(errno));
                }
            }
        }
    }

    @Override
    public void drainWakeup() {
        if (!wokenByLastPoll) {
            // the wake-up came after epoll_wait returned: reading the counter back makes the
            // queued edge void (epoll re-checks readiness before reporting it), so the next poll blocks
            LibC.read(eventfd, wakeAddress, 8);
        }
        // otherwise the poll that reported the edge consumed it: nothing to read
    }

    @Override
    public void close() throws IOException {
        synchronized (wakeLock) {
            if (closed) {
                return;
            }
            closed = true;
            LibC.close(eventfd);
        }
        if (LibC.close(epfd) < 0) {
            throw PosixNet.error("close(epoll)");
        }
    }
}

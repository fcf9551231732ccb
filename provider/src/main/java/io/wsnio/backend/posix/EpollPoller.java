package io.wsnio.backend.posix;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.wsnio.nativeio.NativeErrors;
import io.wsnio.nativeio.NativePoller;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Level-triggered epoll with an eventfd for wake-ups. The ready-event array is off-heap, allocated
 * once, and only grows; nothing is allocated per poll. Readiness bits are epoll's, which are the
 * seam's {@link io.wsnio.nativeio.Readiness} values.
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
    private boolean closed;

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
        ctl = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
        ctlAddress = address(ctl);
        wakeBuf = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
        wakeAddress = address(wakeBuf);
        allocate(INITIAL_EVENTS);
        try {
            control(LinuxAbi.EPOLL_CTL_ADD, eventfd, LinuxAbi.POLLIN);
        } catch (IOException e) {
            LibC.close(eventfd);
            LibC.close(epfd);
            throw e;
        }
    }

    private static long address(ByteBuffer b) {
        return Pointer.nativeValue(Native.getDirectBufferPointer(b));
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
            int errno = Native.getLastError();
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
        int n = LibC.epoll_wait(epfd, eventsAddress, capacity, timeoutMillis);
        if (n < 0) {
            int errno = Native.getLastError();
            if (errno == LinuxAbi.EINTR) {
                ready = 0;
                return 0;
            }
            throw NativeErrors.exception("epoll_wait", Errno.name(errno), errno, Errno.description(errno));
        }
        // drop the eventfd entry (swap the last one into its place); the selector drains it
        for (int i = 0; i < n; i++) {
            if (events.getLong(i * LinuxAbi.EPOLL_EVENT_SIZE + LinuxAbi.EPOLL_DATA_OFFSET) == eventfd) {
                int last = (n - 1) * LinuxAbi.EPOLL_EVENT_SIZE;
                events.putInt(i * LinuxAbi.EPOLL_EVENT_SIZE, events.getInt(last));
                events.putLong(i * LinuxAbi.EPOLL_EVENT_SIZE + LinuxAbi.EPOLL_DATA_OFFSET,
                        events.getLong(last + LinuxAbi.EPOLL_DATA_OFFSET));
                n--;
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
    public void wakeup() throws IOException {
        // the buffer is shared by wakers; any non-zero value does
        wakeBuf.putLong(0, 1L);
        if (LibC.write(eventfd, wakeAddress, 8) < 0) {
            int errno = Native.getLastError();
            if (errno != LinuxAbi.EAGAIN) { // counter saturated: already pending
                throw NativeErrors.exception("write(eventfd)", Errno.name(errno), errno, Errno.description(errno));
            }
        }
    }

    @Override
    public void drainWakeup() throws IOException {
        LibC.read(eventfd, wakeAddress, 8);
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        LibC.close(eventfd);
        if (LibC.close(epfd) < 0) {
            throw PosixNet.error("close(epoll)");
        }
    }
}

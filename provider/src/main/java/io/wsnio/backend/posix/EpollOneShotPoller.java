package io.wsnio.backend.posix;

import io.wsnio.nativeio.NativeErrors;
import io.wsnio.nativeio.OneShotPoller;
import io.wsnio.nativeio.Readiness;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The virtual threads' poller on Linux: an epoll instance holding two kinds of entries. Channels'
 * sockets are registered for good with EPOLLET ({@link #register}), so a wait costs no system call
 * (the parking poller keeps reports that come while nobody waits). Armed entries (a selector's own
 * epoll descriptor, a sub-poller's on the master) are EPOLLONESHOT, so a report disarms its
 * descriptor. Arming is EPOLL_CTL_MOD (one system call) once a descriptor has
 * been added, and EPOLL_CTL_ADD the first time (MOD fails with ENOENT); a reported descriptor stays
 * in the set, disarmed, until it is armed again or closed (closing a descriptor removes it from
 * every epoll set). Disarming a descriptor whose report has not come is EPOLL_CTL_DEL. epoll_ctl is
 * safe from any thread while epoll_wait runs.
 *
 * <p>The epoll_event a call passes is one of {@value #SLOTS} native slots, taken with a
 * compare-and-set (starting at the descriptor's own slot) and given back after the call: no lock.
 * A lock here made the virtual threads of two carriers arming at the same moment queue on it, and a
 * queued virtual thread parked (an extra park and unpark) after AQS had allocated a node for it
 * (JFR on VirtualThreadEcho: an {@code AbstractQueuedSynchronizer$ExclusiveNode} sampled in
 * {@code control}). A slot is held only for the non-blocking epoll_ctl call, and no more threads
 * than there are carriers and poller threads call at once, so a taker finds a free slot at once in
 * practice; if all are taken it spins, then yields, until one is given back. Nothing is allocated.
 */
final class EpollOneShotPoller implements OneShotPoller {
    private static final int EVENTS = 64;
    private static final int EPOLLONESHOT = 1 << 30;
    private static final int EPOLLET = 1 << 31;
    /** epoll_event slots for epoll_ctl (a power of two). */
    static final int SLOTS = 16;
    private static final int SLOT_SIZE = 16; // >= EPOLL_EVENT_SIZE, keeps each slot 8-byte aligned

    private final int epfd;
    private final ByteBuffer ctl = ByteBuffer.allocateDirect(SLOTS * SLOT_SIZE).order(ByteOrder.nativeOrder());
    private final long ctlAddress = Buffers.address(ctl);
    private final AtomicIntegerArray taken = new AtomicIntegerArray(SLOTS); // 1: a caller fills and passes that slot
    private final ByteBuffer events = ByteBuffer.allocateDirect(EVENTS * LinuxAbi.EPOLL_EVENT_SIZE)
            .order(ByteOrder.nativeOrder());
    private final long eventsAddress = Buffers.address(events);
    private int ready;

    EpollOneShotPoller() throws IOException {
        epfd = LibC.epoll_create1(LinuxAbi.EPOLL_CLOEXEC);
        if (epfd < 0) {
            throw PosixNet.error("epoll_create1");
        }
    }

    private static int fd(long handle) {
        if (handle < 0 || handle > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("not a file descriptor: " + handle);
        }
        return (int) handle;
    }

    /** epoll_ctl; returns 0 or the errno. */
    private int control(int op, int fd, int ev) {
        int slot = take(fd);
        try {
            int at = slot * SLOT_SIZE;
            ctl.putInt(at, ev);
            ctl.putLong(at + LinuxAbi.EPOLL_DATA_OFFSET, fd);
            return LibC.epoll_ctl(epfd, op, fd, ctlAddress + at) < 0 ? LibC.errno() : 0;
        } finally {
            taken.set(slot, 0);
        }
    }

    /**
     * epoll_ctl {@code op}, and {@code otherOp} instead when {@code op} fails with {@code errno}
     * (MOD finding no entry, ADD finding one already): the descriptor may or may not be in the set
     * from an earlier arm or registration.
     */
    private void control(int op, int errno, int otherOp, int fd, int ev) throws IOException {
        int e = control(op, fd, ev);
        if (e == errno) {
            e = control(otherOp, fd, ev);
        }
        if (e != 0) {
            throw NativeErrors.exception("epoll_ctl", Errno.name(e), e, Errno.description(e));
        }
    }

    /** Takes a free epoll_event slot, starting at the descriptor's own. */
    private int take(int fd) {
        for (int round = 0;; round++) {
            for (int i = 0; i < SLOTS; i++) {
                int slot = (fd + i) & (SLOTS - 1);
                if (taken.get(slot) == 0 && taken.compareAndSet(slot, 0, 1)) {
                    return slot;
                }
            }
            if (round < 100) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // a holder was descheduled by the OS: let it (or others) run
            }
        }
    }

    @Override
    public void arm(long handle, int events) throws IOException {
        control(LinuxAbi.EPOLL_CTL_MOD, LinuxAbi.ENOENT, LinuxAbi.EPOLL_CTL_ADD, fd(handle), events | EPOLLONESHOT);
    }

    @Override
    public void disarm(long handle) throws IOException {
        int errno = control(LinuxAbi.EPOLL_CTL_DEL, fd(handle), 0);
        if (errno != 0 && errno != LinuxAbi.ENOENT) {
            throw NativeErrors.exception("epoll_ctl", Errno.name(errno), errno, Errno.description(errno));
        }
    }

    @Override
    public boolean registers() {
        return true;
    }

    /**
     * EPOLL_CTL_ADD with EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET (EPOLL_CTL_MOD if the descriptor
     * is in the set already, from an earlier arm): the kernel queues a report whenever the socket's
     * wait queue is woken (data, shutdown, send space freed after a full buffer, an error), and at
     * registration if it is ready then.
     */
    @Override
    public void register(long handle) throws IOException {
        control(LinuxAbi.EPOLL_CTL_ADD, LinuxAbi.EEXIST, LinuxAbi.EPOLL_CTL_MOD, fd(handle),
                Readiness.IN | Readiness.OUT | Readiness.RDHUP | EPOLLET);
    }

    @Override
    public void unregister(long handle) throws IOException {
        disarm(handle); // EPOLL_CTL_DEL, ENOENT tolerated
    }

    @Override
    public int eventsAt(int i) {
        if (i < 0 || i >= ready) {
            throw new IndexOutOfBoundsException("report " + i + " of " + ready);
        }
        return events.getInt(i * LinuxAbi.EPOLL_EVENT_SIZE) & ~(EPOLLONESHOT | EPOLLET);
    }

    @Override
    public int poll(int timeoutMillis) throws IOException {
        int n = LibC.epoll_wait(epfd, eventsAddress, EVENTS, timeoutMillis);
        if (n < 0) {
            int errno = LibC.errno();
            if (errno != LinuxAbi.EINTR) {
                throw NativeErrors.exception("epoll_wait", Errno.name(errno), errno, Errno.description(errno));
            }
            n = 0;
        }
        ready = n;
        return n;
    }

    @Override
    public long handleAt(int i) {
        if (i < 0 || i >= ready) {
            throw new IndexOutOfBoundsException("report " + i + " of " + ready);
        }
        return events.getLong(i * LinuxAbi.EPOLL_EVENT_SIZE + LinuxAbi.EPOLL_DATA_OFFSET);
    }

    @Override
    public long waitHandle() {
        return epfd;
    }

    @Override
    public void close() throws IOException {
        if (LibC.close(epfd) < 0) {
            throw PosixNet.error("close(epoll)");
        }
    }
}

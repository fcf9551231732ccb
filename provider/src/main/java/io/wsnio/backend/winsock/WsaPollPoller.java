package io.wsnio.backend.winsock;

import static io.wsnio.backend.winsock.WinsockAbi.*;

import io.wsnio.SocketSpec;
import io.wsnio.nativeio.IOStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A {@link NativePoller} over WSAPoll: a flat off-heap WSAPOLLFD array (grown by doubling, entries
 * removed by swapping in the last one), a primitive map from handle to index, and a wake-up
 * through a connected loopback UDP pair whose receiving end is entry 0 of every poll. An entry with
 * no interest stays in the array with fd -1, which WSAPoll skips (Wine marks it POLLNVAL without
 * counting it; it is never reported). A poll aborted by CancelIoEx (a channel's unblock) or
 * WSAEINTR returns 0, like EINTR. Nothing is allocated per poll.
 */
final class WsaPollPoller extends WinsockPoller {
    private static final int WAKE = 0;

    private final WinsockNet net;
    private ByteBuffer fds;
    private long fdsAddress;
    private long[] handles;
    private int count;
    private final LongIntMap index;

    private final long wakeSource;
    private final long wakeSink;
    private final ByteBuffer wakeByte = ByteBuffer.allocateDirect(1);
    private final long wakeByteAddress;
    private final ByteBuffer drainBuf = ByteBuffer.allocateDirect(64);
    private final long drainAddress;

    WsaPollPoller(WinsockNet net) throws IOException {
        this.net = net;
        allocate(16);
        index = new LongIntMap(16);
        wakeByteAddress = DirectBuffers.address(wakeByte);
        drainAddress = DirectBuffers.address(drainBuf);
        long source = -1, sink = -1;
        try {
            SocketAddress loopback = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0);
            source = net.socket(SocketSpec.UDP_V4, false);
            sink = net.socket(SocketSpec.UDP_V4, false);
            net.bind(source, SocketSpec.Family.INET, loopback);
            net.bind(sink, SocketSpec.Family.INET, loopback);
            net.connect(source, SocketSpec.Family.INET, net.localAddress(sink, SocketSpec.Family.INET));
            net.connect(sink, SocketSpec.Family.INET, net.localAddress(source, SocketSpec.Family.INET));
        } catch (IOException | RuntimeException e) {
            if (source != -1) {
                Ws2_32.closesocket(source);
            }
            if (sink != -1) {
                Ws2_32.closesocket(sink);
            }
            throw e;
        }
        wakeSource = source;
        wakeSink = sink;
        handles[WAKE] = wakeSource;
        write(WAKE, wakeSource, POLLRDNORM);
        count = 1;
    }

    private void allocate(int capacity) {
        ByteBuffer next = ByteBuffer.allocateDirect(capacity * WSAPOLLFD_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        long[] nextHandles = new long[capacity];
        if (fds != null) {
            for (int i = 0; i < count * WSAPOLLFD_SIZE; i += 8) {
                next.putLong(i, fds.getLong(i));
            }
            System.arraycopy(handles, 0, nextHandles, 0, count);
        }
        fds = next;
        fdsAddress = DirectBuffers.address(next);
        handles = nextHandles;
    }

    private void write(int i, long handle, int wsaEvents) {
        int at = i * WSAPOLLFD_SIZE;
        fds.putLong(at + WSAPOLLFD_FD, wsaEvents == 0 ? -1L : handle);
        fds.putShort(at + WSAPOLLFD_EVENTS, (short) wsaEvents);
        fds.putShort(at + WSAPOLLFD_REVENTS, (short) 0);
    }

    @Override
    public void add(long handle, int events) throws IOException {
        ensureOpen();
        if (index.get(handle) >= 0 || handle == wakeSource) {
            throw new IllegalStateException("handle " + handle + " is already watched");
        }
        if (count == handles.length) {
            allocate(handles.length * 2);
        }
        handles[count] = handle;
        write(count, handle, PollBits.toWsa(events));
        index.put(handle, count);
        count++;
    }

    @Override
    public void modify(long handle, int events) throws IOException {
        ensureOpen();
        int i = index.get(handle);
        if (i < 0) {
            throw new IllegalStateException("handle " + handle + " is not watched");
        }
        write(i, handle, PollBits.toWsa(events));
    }

    @Override
    public void remove(long handle) throws IOException {
        ensureOpen();
        int i = index.remove(handle);
        if (i < 0) {
            throw new IllegalStateException("handle " + handle + " is not watched");
        }
        int last = count - 1;
        if (i != last) {
            int from = last * WSAPOLLFD_SIZE, to = i * WSAPOLLFD_SIZE;
            fds.putLong(to, fds.getLong(from));
            fds.putLong(to + 8, fds.getLong(from + 8));
            handles[i] = handles[last];
            index.put(handles[i], i);
        }
        handles[last] = 0;
        count = last;
    }

    /** The number of watched handles (the wake-up not counted). */
    int size() {
        return count - 1;
    }

    @Override
    public int poll(int timeoutMillis) throws IOException {
        ensureOpen();
        int n = Ws2_32.WSAPoll(fdsAddress, count, timeoutMillis < 0 ? -1 : timeoutMillis);
        clearReady();
        if (n < 0) {
            int e = Ws2_32.lastError();
            if (e == WSAEINTR || e == WSA_OPERATION_ABORTED) {
                return 0;
            }
            throw WinsockErrors.exception("WSAPoll", e);
        }
        for (int i = 0, seen = 0; i < count && seen < n; i++) {
            int at = i * WSAPOLLFD_SIZE;
            int revents = fds.getShort(at + WSAPOLLFD_REVENTS) & 0xffff;
            // Wine sets POLLNVAL on the fd -1 entries without counting them; Windows clears them
            if (revents == 0 || fds.getLong(at + WSAPOLLFD_FD) == -1L) {
                continue;
            }
            seen++;
            if (i != WAKE) {
                addReady(handles[i], PollBits.fromWsa(revents));
            }
        }
        return readyCount();
    }

    /** The wake-up: one byte to the datagram pair (false when its buffer is full of them). */
    @Override
    boolean signalWakeup() throws IOException {
        if (Ws2_32.send(wakeSink, wakeByteAddress, 1, 0) >= 0) {
            return true;
        }
        int e = Ws2_32.lastError();
        if (e != WSAEWOULDBLOCK) {
            throw WinsockErrors.exception("send(wake-up)", e);
        }
        return false;
    }

    /** Reads every pending wake-up datagram, then re-arms {@link #wakeup()}. */
    @Override
    public void drainWakeup() throws IOException {
        ensureOpen();
        while (true) {
            int n = net.read(wakeSource, drainAddress, 64);
            if (n == IOStatus.UNAVAILABLE) {
                break;
            }
        }
        rearmWakeup();
    }

    @Override
    void release() {
        Ws2_32.closesocket(wakeSource);
        Ws2_32.closesocket(wakeSink);
    }
}

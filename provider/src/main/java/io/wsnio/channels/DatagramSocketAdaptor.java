package io.wsnio.channels;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.DatagramSocketImpl;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.MembershipKey;
import java.util.Objects;
import java.util.Set;

/**
 * {@link WsnioDatagramChannel#socket()}: a {@link DatagramSocket} whose every method goes to the
 * channel. {@code DatagramSocket}'s protected constructor needs a non-null impl (JDK 17 and 25):
 * it gets an inert one that is never called, since every public method is overridden here.
 *
 * <p>The JDK keeps a packet's buffer length apart from its data length; that field is not
 * reachable from outside java.base, so the adaptor remembers the buffer length of the last packet
 * it received into: a packet reused for the next receive gets its whole buffer again.
 */
final class DatagramSocketAdaptor extends DatagramSocket {
    private final WsnioDatagramChannel ch;
    private volatile int timeout;
    private final Object bufLock = new Object();
    private DatagramPacket lastPacket;   // guarded by bufLock
    private byte[] lastData;
    private int lastOffset;
    private int lastLength;
    private int lastBufLength;

    private DatagramSocketAdaptor(WsnioDatagramChannel ch) {
        super(new InertImpl());
        this.ch = ch;
    }

    static DatagramSocketAdaptor create(WsnioDatagramChannel ch) {
        return new DatagramSocketAdaptor(ch);
    }

    private static SocketException asSocketException(Exception e) {
        if (e instanceof SocketException) {
            return (SocketException) e;
        }
        if (e instanceof ClosedChannelException) {
            return new SocketException("Socket is closed");
        }
        SocketException se = new SocketException(e.getMessage() == null ? e.toString() : e.getMessage());
        se.initCause(e);
        return se;
    }

    private static InetSocketAddress asInet(SocketAddress sa) {
        if (!(sa instanceof InetSocketAddress)) {
            throw new IllegalArgumentException("Unsupported address type");
        }
        return (InetSocketAddress) sa;
    }

    // -- bind, connect

    @Override
    public void bind(SocketAddress local) throws SocketException {
        SocketAddress sa = local == null ? new InetSocketAddress(0) : asInet(local);
        try {
            ch.bind(sa);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw (IllegalArgumentException) e;
            }
            throw asSocketException(e);
        }
    }

    @Override
    public void connect(InetAddress address, int port) {
        try {
            connectInternal(new InetSocketAddress(address, port));
        } catch (SocketException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void connect(SocketAddress remote) throws SocketException {
        Objects.requireNonNull(remote, "Address can't be null");
        connectInternal(asInet(remote));
    }

    private void connectInternal(SocketAddress remote) throws SocketException {
        if (isClosed()) {
            throw new SocketException("Socket is closed");
        }
        try {
            ch.connect(remote, false);
        } catch (IOException | RuntimeException e) {
            throw asSocketException(e);
        }
    }

    @Override
    public void disconnect() {
        try {
            ch.disconnect();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public boolean isBound() {
        return ch.localAddressOrNull() != null;
    }

    @Override
    public boolean isConnected() {
        return ch.remoteAddressOrNull() != null;
    }

    @Override
    public InetAddress getInetAddress() {
        SocketAddress r = ch.remoteAddressOrNull();
        return r instanceof InetSocketAddress ? ((InetSocketAddress) r).getAddress() : null;
    }

    @Override
    public int getPort() {
        SocketAddress r = ch.remoteAddressOrNull();
        return r instanceof InetSocketAddress ? ((InetSocketAddress) r).getPort() : -1;
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return ch.remoteAddressOrNull();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return isClosed() ? null : ch.localAddressOrNull();
    }

    @Override
    public InetAddress getLocalAddress() {
        if (isClosed()) {
            return null;
        }
        SocketAddress l = ch.localAddressOrNull();
        if (l instanceof InetSocketAddress) {
            return ((InetSocketAddress) l).getAddress();
        }
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public int getLocalPort() {
        if (isClosed()) {
            return -1;
        }
        SocketAddress l = ch.localAddressOrNull();
        return l instanceof InetSocketAddress ? ((InetSocketAddress) l).getPort() : 0;
    }

    // -- send, receive

    // The packet's monitor is held only while its fields are read or set, never across the
    // send or receive: a virtual thread waiting there must not pin its carrier (JDK 21-23).
    // The channel's read (write) lock, a java.util.concurrent lock, serialises receives (sends)
    // as the packet's monitor did.

    @Override
    public void send(DatagramPacket p) throws IOException {
        NativeCore core = ch.core();
        core.writeLock.lock();
        try {
            if (!ch.isBlocking()) {
                throw new IllegalBlockingModeException();
            }
            SocketAddress target;
            ByteBuffer src;
            synchronized (p) {
                if (p.getAddress() == null) {
                    SocketAddress remote = ch.remoteAddressOrNull();
                    if (remote == null) {
                        if (isClosed()) {
                            throw new SocketException("Socket closed");
                        }
                        throw new IllegalArgumentException("Address not set");
                    }
                    InetSocketAddress r = (InetSocketAddress) remote;
                    p.setAddress(r.getAddress());
                    p.setPort(r.getPort());
                    target = r;
                } else {
                    target = p.getSocketAddress();
                }
                src = ByteBuffer.wrap(p.getData(), p.getOffset(), p.getLength());
            }
            try {
                ch.send(src, target);
            } catch (AlreadyConnectedException e) {
                throw new IllegalArgumentException("Connected and packet address differ");
            } catch (ClosedByInterruptException e) {
                throw e;
            } catch (ClosedChannelException e) {
                SocketException se = new SocketException("Socket closed");
                se.initCause(e);
                throw se;
            }
        } finally {
            core.writeLock.unlock();
        }
    }

    @Override
    public void receive(DatagramPacket p) throws IOException {
        NativeCore core = ch.core();
        core.readLock.lock();
        try {
            if (!ch.isBlocking()) {
                throw new IllegalBlockingModeException();
            }
            byte[] data;
            int off;
            int room;
            synchronized (p) {
                data = p.getData();
                off = p.getOffset();
                room = bufLength(p, data, off);
            }
            ByteBuffer dst = ByteBuffer.wrap(data, off, room);
            SocketAddress sender;
            try {
                sender = ch.receive(dst, timeout);
            } catch (SocketTimeoutException | ClosedByInterruptException e) {
                throw e;
            } catch (ClosedChannelException e) {
                SocketException se = new SocketException("Socket closed");
                se.initCause(e);
                throw se;
            }
            int n = dst.position() - off;
            synchronized (p) {
                p.setLength(n);
                p.setSocketAddress(sender);
                synchronized (bufLock) {
                    lastPacket = p;
                    lastData = data;
                    lastOffset = off;
                    lastLength = n;
                    lastBufLength = room;
                }
            }
        } finally {
            core.readLock.unlock();
        }
    }

    /** The packet's buffer length: its length, or the length it had before this adaptor's last receive into it. */
    private int bufLength(DatagramPacket p, byte[] data, int off) {
        synchronized (bufLock) {
            if (p == lastPacket && data == lastData && off == lastOffset && p.getLength() == lastLength) {
                return lastBufLength;
            }
        }
        return p.getLength();
    }

    // -- timeouts and options

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        if (isClosed()) {
            throw new SocketException("Socket is closed");
        }
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout < 0");
        }
        this.timeout = timeout;
    }

    @Override
    public int getSoTimeout() throws SocketException {
        if (isClosed()) {
            throw new SocketException("Socket is closed");
        }
        return timeout;
    }

    private <T> void set(SocketOption<T> name, T value) throws SocketException {
        try {
            ch.setOption(name, value);
        } catch (IOException e) {
            throw asSocketException(e);
        }
    }

    private <T> T get(SocketOption<T> name) throws SocketException {
        try {
            return ch.getOption(name);
        } catch (IOException e) {
            throw asSocketException(e);
        }
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        if (size <= 0) {
            throw new IllegalArgumentException("Invalid send size");
        }
        set(StandardSocketOptions.SO_SNDBUF, size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return get(StandardSocketOptions.SO_SNDBUF);
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        if (size <= 0) {
            throw new IllegalArgumentException("Invalid receive size");
        }
        set(StandardSocketOptions.SO_RCVBUF, size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return get(StandardSocketOptions.SO_RCVBUF);
    }

    @Override
    public void setReuseAddress(boolean on) throws SocketException {
        set(StandardSocketOptions.SO_REUSEADDR, on);
    }

    @Override
    public boolean getReuseAddress() throws SocketException {
        return get(StandardSocketOptions.SO_REUSEADDR);
    }

    @Override
    public void setBroadcast(boolean on) throws SocketException {
        set(StandardSocketOptions.SO_BROADCAST, on);
    }

    @Override
    public boolean getBroadcast() throws SocketException {
        return get(StandardSocketOptions.SO_BROADCAST);
    }

    @Override
    public void setTrafficClass(int tc) throws SocketException {
        if (tc < 0 || tc > 255) {
            throw new IllegalArgumentException("tc is not in range 0 -- 255");
        }
        set(StandardSocketOptions.IP_TOS, tc);
    }

    @Override
    public int getTrafficClass() throws SocketException {
        return get(StandardSocketOptions.IP_TOS);
    }

    @Override
    public <T> DatagramSocket setOption(SocketOption<T> name, T value) throws IOException {
        ch.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return ch.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return ch.supportedOptions();
    }

    // -- multicast

    @Override
    public void joinGroup(SocketAddress mcastaddr, NetworkInterface netIf) throws IOException {
        InetSocketAddress isa = asInet(mcastaddr);
        NetworkInterface ni = netIf != null ? netIf : defaultInterface();
        ch.join(isa.getAddress(), ni);
    }

    @Override
    public void leaveGroup(SocketAddress mcastaddr, NetworkInterface netIf) throws IOException {
        InetSocketAddress isa = asInet(mcastaddr);
        NetworkInterface ni = netIf != null ? netIf : defaultInterface();
        MembershipKey k = ch.join(isa.getAddress(), ni); // the existing key, or a fresh one
        k.drop();
    }

    private NetworkInterface defaultInterface() throws IOException {
        NetworkInterface ni = ch.getOption(StandardSocketOptions.IP_MULTICAST_IF);
        if (ni == null) {
            throw new SocketException("No network interface given and IP_MULTICAST_IF not set");
        }
        return ni;
    }

    // -- close

    @Override
    public void close() {
        try {
            ch.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public boolean isClosed() {
        return !ch.isOpen();
    }

    @Override
    public DatagramChannel getChannel() {
        return ch;
    }

    @Override
    public String toString() {
        return "DatagramSocketAdaptor[" + ch + "]";
    }

    /** The impl DatagramSocket's constructor insists on; never used, as every method is overridden. */
    private static final class InertImpl extends DatagramSocketImpl {
        private static SocketException unused() {
            return new SocketException("not used by the wsnio DatagramSocket adaptor");
        }

        @Override protected void create() throws SocketException { throw unused(); }
        @Override protected void bind(int lport, InetAddress laddr) throws SocketException { throw unused(); }
        @Override protected void send(DatagramPacket p) throws IOException { throw unused(); }
        @Override protected int peek(InetAddress i) throws IOException { throw unused(); }
        @Override protected int peekData(DatagramPacket p) throws IOException { throw unused(); }
        @Override protected void receive(DatagramPacket p) throws IOException { throw unused(); }
        @Override @SuppressWarnings({"deprecation", "removal"}) protected void setTTL(byte ttl) throws IOException { throw unused(); }
        @Override @SuppressWarnings({"deprecation", "removal"}) protected byte getTTL() throws IOException { throw unused(); }
        @Override protected void setTimeToLive(int ttl) throws IOException { throw unused(); }
        @Override protected int getTimeToLive() throws IOException { throw unused(); }
        @Override protected void join(InetAddress inetaddr) throws IOException { throw unused(); }
        @Override protected void leave(InetAddress inetaddr) throws IOException { throw unused(); }
        @Override protected void joinGroup(SocketAddress a, NetworkInterface n) throws IOException { throw unused(); }
        @Override protected void leaveGroup(SocketAddress a, NetworkInterface n) throws IOException { throw unused(); }
        @Override protected void close() { }
        @Override public void setOption(int optID, Object value) throws SocketException { throw unused(); }
        @Override public Object getOption(int optID) throws SocketException { throw unused(); }
    }
}

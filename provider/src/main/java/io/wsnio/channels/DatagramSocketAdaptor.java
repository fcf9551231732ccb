package io.wsnio.channels;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
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
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link WsnioDatagramChannel#socket()}: a {@link MulticastSocket}, as the JDK's adaptor is since
 * JDK 17, whose every method goes to the channel. {@code MulticastSocket} has no constructor that
 * takes no socket: the adaptor is made unbound, which gives it a JDK datagram socket it closes at
 * once and never uses, since every public method is overridden here.
 *
 * <p>The JDK keeps a packet's buffer length apart from its data length and its adaptor changes
 * only the data length; that field is not reachable from outside java.base, so wsnio's adaptors
 * remember, per packet, the buffer length it had before their last receive into it: a packet
 * reused for the next receive (on any wsnio adaptor) gets its whole buffer again.
 */
final class DatagramSocketAdaptor extends MulticastSocket {
    private final WsnioDatagramChannel ch;
    private volatile int timeout;

    /** Per packet received into: its data, offset, length set by the receive, and buffer length before it. */
    private record BufState(byte[] data, int offset, int length, int bufLength) { }

    private static final Map<DatagramPacket, BufState> BUF_LENGTHS = new WeakHashMap<>(); // guarded by itself

    private final ReentrantLock sendLock = new ReentrantLock(); // TTL changes and send(p, ttl)
    private final Object outgoingInterfaceLock = new Object();
    private NetworkInterface outgoingNetworkInterface;           // guarded by outgoingInterfaceLock
    private InetAddress outgoingInetAddress;                     // guarded by outgoingInterfaceLock

    private DatagramSocketAdaptor(WsnioDatagramChannel ch) throws IOException {
        super((SocketAddress) null);  // unbound
        super.close();                // the JDK socket behind MulticastSocket is never used
        this.ch = ch;
    }

    static DatagramSocketAdaptor create(WsnioDatagramChannel ch) {
        try {
            return new DatagramSocketAdaptor(ch);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static SocketException asSocketException(Exception e) {
        return NetExceptions.toSocketException(e);
    }

    private static InetSocketAddress asInet(SocketAddress sa) {
        if (!(sa instanceof InetSocketAddress)) {
            throw new java.nio.channels.UnsupportedAddressTypeException();
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
            throw asSocketException(e);
        }
    }

    @Override
    public void connect(InetAddress address, int port) {
        if (address == null) {
            throw new IllegalArgumentException("Address can't be null");
        }
        try {
            connectInternal(new InetSocketAddress(address, port));
        } catch (SocketException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void connect(SocketAddress remote) throws SocketException {
        if (remote == null) {
            throw new IllegalArgumentException("Address can't be null");
        }
        connectInternal(asInet(remote));
    }

    private void connectInternal(SocketAddress remote) throws SocketException {
        try {
            ch.connect(remote, false);
        } catch (ClosedChannelException e) {
            // as the JDK's adaptor: connecting a closed socket does nothing
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
        return anyInetAddress();
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
            if (CHECK_STATE_FIRST) {
                checkSendable();
            }
            SocketAddress target;
            ByteBuffer src;
            synchronized (p) {
                if (p.getAddress() == null) {
                    SocketAddress remote = ch.remoteAddressOrNull();
                    if (remote == null) {
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
            if (!CHECK_STATE_FIRST) {
                checkSendable();
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

    /**
     * Which the JDK's adaptor checks first in send: a missing packet address (JDK 17) or a closed
     * socket and blocking mode (JDK 19's rework of the adaptor's send for virtual threads, and
     * later). Checked against JDK 17 and 25 by the contract suite.
     */
    private static final boolean CHECK_STATE_FIRST = Runtime.version().feature() >= 19;

    private void checkSendable() throws SocketException {
        if (isClosed()) {
            throw new SocketException("Socket closed");
        }
        if (!ch.isBlocking()) {
            throw new IllegalBlockingModeException();
        }
    }

    @Override
    public void receive(DatagramPacket p) throws IOException {
        NativeCore core = ch.core();
        core.readLock.lock();
        try {
            if (isClosed()) {
                throw new SocketException("Socket closed");
            }
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
                synchronized (BUF_LENGTHS) {
                    BUF_LENGTHS.put(p, new BufState(data, off, n, room));
                }
            }
        } finally {
            core.readLock.unlock();
        }
    }

    /** The packet's buffer length: its length, or the length it had before this adaptor's last receive into it. */
    private static int bufLength(DatagramPacket p, byte[] data, int off) {
        synchronized (BUF_LENGTHS) {
            BufState b = BUF_LENGTHS.get(p);
            // the packet as the last receive left it (no setData/setLength since): its old buffer length
            if (b != null && b.data() == data && b.offset() == off && b.length() == p.getLength()) {
                return b.bufLength();
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

    // -- multicast (MulticastSocket)

    @Override
    @SuppressWarnings("removal")
    @Deprecated
    public void setTTL(byte ttl) throws IOException {
        setTimeToLive(Byte.toUnsignedInt(ttl));
    }

    @Override
    public void setTimeToLive(int ttl) throws IOException {
        sendLock.lock();
        try {
            set(StandardSocketOptions.IP_MULTICAST_TTL, ttl);
        } finally {
            sendLock.unlock();
        }
    }

    @Override
    @SuppressWarnings("removal")
    @Deprecated
    public byte getTTL() throws IOException {
        return (byte) getTimeToLive();
    }

    @Override
    public int getTimeToLive() throws IOException {
        sendLock.lock();
        try {
            return get(StandardSocketOptions.IP_MULTICAST_TTL);
        } finally {
            sendLock.unlock();
        }
    }

    @Override
    @Deprecated
    public void joinGroup(InetAddress group) throws IOException {
        Objects.requireNonNull(group);
        try {
            joinGroup(new InetSocketAddress(group, 0), null);
        } catch (IllegalArgumentException e) {
            SocketException se = new SocketException("joinGroup failed");
            se.initCause(e);
            throw se;
        }
    }

    @Override
    @Deprecated
    public void leaveGroup(InetAddress group) throws IOException {
        Objects.requireNonNull(group);
        try {
            leaveGroup(new InetSocketAddress(group, 0), null);
        } catch (IllegalArgumentException e) {
            SocketException se = new SocketException("leaveGroup failed");
            se.initCause(e);
            throw se;
        }
    }

    private static InetAddress checkGroup(SocketAddress mcastaddr) throws SocketException {
        if (!(mcastaddr instanceof InetSocketAddress addr)) {
            throw new IllegalArgumentException("Unsupported address type");
        }
        InetAddress group = addr.getAddress();
        if (group == null) {
            throw new IllegalArgumentException("Unresolved address");
        }
        if (!group.isMulticastAddress()) {
            throw new SocketException("Not a multicast address");
        }
        return group;
    }

    @Override
    public void joinGroup(SocketAddress mcastaddr, NetworkInterface netIf) throws IOException {
        InetAddress group = checkGroup(mcastaddr);
        NetworkInterface ni = netIf != null ? netIf : defaultNetworkInterface();
        if (isClosed()) {
            throw new SocketException("Socket is closed");
        }
        synchronized (outgoingInterfaceLock) { // no wait inside: a membership change is one setsockopt
            if (ch.findMembership(group, ni) != null) {
                throw new SocketException("Already a member of group");
            }
            ch.join(group, ni);
        }
    }

    @Override
    public void leaveGroup(SocketAddress mcastaddr, NetworkInterface netIf) throws IOException {
        InetAddress group = checkGroup(mcastaddr);
        NetworkInterface ni = netIf != null ? netIf : defaultNetworkInterface();
        if (isClosed()) {
            throw new SocketException("Socket is closed");
        }
        synchronized (outgoingInterfaceLock) {
            MembershipKey key = ch.findMembership(group, ni);
            if (key == null) {
                throw new SocketException("Not a member of group");
            }
            key.drop();
        }
    }

    @Override
    @Deprecated
    public void setInterface(InetAddress inf) throws SocketException {
        if (inf == null) {
            throw new SocketException("Invalid value 'null'");
        }
        NetworkInterface ni = NetworkInterface.getByInetAddress(inf);
        if (ni == null) {
            throw new SocketException("No network interface found with address " + inf.getHostAddress());
        }
        synchronized (outgoingInterfaceLock) {
            setNetworkInterface(ni);
            outgoingNetworkInterface = ni;
            outgoingInetAddress = inf;
        }
    }

    @Override
    @Deprecated
    public InetAddress getInterface() throws SocketException {
        synchronized (outgoingInterfaceLock) {
            NetworkInterface ni = outgoingNetworkInterface();
            if (ni != null) {
                if (ni.equals(outgoingNetworkInterface)) {
                    return outgoingInetAddress;
                }
                InetAddress ia = ni.inetAddresses().findFirst().orElse(null);
                outgoingNetworkInterface = ni;
                outgoingInetAddress = ia;
                return ia;
            }
        }
        return anyInetAddress();
    }

    @Override
    public void setNetworkInterface(NetworkInterface netIf) throws SocketException {
        set(StandardSocketOptions.IP_MULTICAST_IF, netIf);
    }

    @Override
    public NetworkInterface getNetworkInterface() throws SocketException {
        NetworkInterface ni = outgoingNetworkInterface();
        return ni != null ? ni : AnyInterface.get();
    }

    @Override
    @Deprecated
    public void setLoopbackMode(boolean disable) throws SocketException {
        set(StandardSocketOptions.IP_MULTICAST_LOOP, !disable);
    }

    @Override
    @Deprecated
    public boolean getLoopbackMode() throws SocketException {
        return !get(StandardSocketOptions.IP_MULTICAST_LOOP);
    }

    @Override
    @SuppressWarnings("removal")
    @Deprecated
    public void send(DatagramPacket p, byte ttl) throws IOException {
        sendLock.lock();
        try {
            int old = getTimeToLive();
            try {
                setTTL(ttl);
                send(p);
            } finally {
                setTimeToLive(old);
            }
        } finally {
            sendLock.unlock();
        }
    }

    private NetworkInterface outgoingNetworkInterface() throws SocketException {
        return get(StandardSocketOptions.IP_MULTICAST_IF);
    }

    /** joinGroup/leaveGroup without an interface: IP_MULTICAST_IF's, else the any-interface (the kernel chooses). */
    private NetworkInterface defaultNetworkInterface() throws SocketException {
        NetworkInterface ni = outgoingNetworkInterface();
        if (ni == null) {
            ni = AnyInterface.get();
        }
        if (ni == null) {
            throw new SocketException("No network interface given and IP_MULTICAST_IF not set");
        }
        return ni;
    }

    private static InetAddress anyInetAddress() {
        return new InetSocketAddress(0).getAddress();
    }

    /**
     * What java.net.MulticastSocket reports when no outgoing interface is set: an interface named
     * after the wildcard address, with index 0 and that one address. Its constructor is private
     * to java.net, so it is taken once from an unbound JDK MulticastSocket (which closes at once).
     */
    private static final class AnyInterface {
        private static final NetworkInterface VALUE = make();

        private static NetworkInterface make() {
            try (MulticastSocket m = new MulticastSocket((SocketAddress) null)) {
                return m instanceof DatagramSocketAdaptor ? null : m.getNetworkInterface();
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        static NetworkInterface get() {
            return VALUE;
        }
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
}

package io.wsnio.channels;

import io.wsnio.SocketSpec;
import io.wsnio.SocketSpec.Family;
import io.wsnio.nativeio.NativeNet;
import io.wsnio.nativeio.SockOpt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;

/**
 * The multicast half of {@link WsnioDatagramChannel}: memberships (any-source and
 * source-specific, RFC 3678 requests), source blocking and the {@code IP_MULTICAST_IF} option,
 * with the JDK's checks and messages. All state is guarded by the core's {@code stateLock}, which
 * the channel's close takes too, so no membership request reaches a released handle.
 */
final class MulticastMemberships {
    private final WsnioDatagramChannel channel;
    private final NativeCore core;
    private final SocketSpec spec;
    private final Family family;
    private final boolean inet;
    private final List<Membership> memberships = new ArrayList<>(); // guarded by core.stateLock

    MulticastMemberships(WsnioDatagramChannel channel, NativeCore core, SocketSpec spec, Family family, boolean inet) {
        this.channel = channel;
        this.core = core;
        this.spec = spec;
        this.family = family;
        this.inet = inet;
    }

    MembershipKey join(InetAddress group, NetworkInterface interf, InetAddress source) throws IOException {
        Objects.requireNonNull(group);
        Objects.requireNonNull(interf);
        if (!inet) {
            throw new UnsupportedOperationException("multicast needs an INET or INET6 socket, not " + spec);
        }
        if (!group.isMulticastAddress()) {
            throw new IllegalArgumentException("Group not a multicast address");
        }
        if (group instanceof Inet6Address && family != Family.INET6) {
            throw new IllegalArgumentException("Only IPv6 sockets can join IPv6 multicast group");
        }
        if (source != null) {
            checkSource(group, source);
        }
        synchronized (core.stateLock) {
            core.ensureOpen();
            for (Membership m : memberships) {
                if (m.group.equals(group) && m.interf.equals(interf)) {
                    if (source == null) {
                        if (m.source == null) {
                            return m;
                        }
                        throw new IllegalStateException("Already a member to receive all packets");
                    }
                    if (m.source == null) {
                        throw new IllegalStateException("Already have source-specific membership");
                    }
                    if (source.equals(m.source)) {
                        return m;
                    }
                }
            }
            int index = interf.getIndex();
            if (index == -1) {
                throw new IOException("Network interface cannot be identified");
            }
            core.net.multicast(core.handle, source == null ? NativeNet.MCAST_JOIN : NativeNet.MCAST_JOIN_SOURCE,
                    group, index, source);
            Membership m = new Membership(group, interf, index, source);
            memberships.add(m);
            return m;
        }
    }

    /** The valid any-source membership of {@code group} on {@code interf}, or null (the socket adaptor's joinGroup/leaveGroup). */
    MembershipKey find(InetAddress group, NetworkInterface interf) {
        synchronized (core.stateLock) {
            for (Membership m : memberships) {
                if (m.group.equals(group) && m.interf.equals(interf) && m.source == null && m.isValid()) {
                    return m;
                }
            }
            return null;
        }
    }

    /** Under stateLock, on close: the kernel drops the memberships with the socket. */
    void invalidateAll() {
        for (Membership m : memberships) {
            m.valid = false;
        }
        memberships.clear();
    }

    private static void checkSource(InetAddress group, InetAddress source) {
        if (source.isAnyLocalAddress()) {
            throw new IllegalArgumentException("Source address is a wildcard address");
        }
        if (source.isMulticastAddress()) {
            throw new IllegalArgumentException("Source address is multicast address");
        }
        if (source.getClass() != group.getClass()) {
            throw new IllegalArgumentException("Source address is different type to group");
        }
    }

    /** Under stateLock: sets IP_MULTICAST_IF (and IPV6_MULTICAST_IF) as the JDK does. */
    void setInterface(NetworkInterface ni) throws IOException {
        if (family == Family.INET6) {
            int index = ni.getIndex();
            if (index == -1) {
                throw new IOException("Network interface cannot be identified");
            }
            core.net.setIntOption(core.handle, SockOpt.IPV6_MULTICAST_IF, index);
        }
        Inet4Address a = anyInet4Address(ni);
        if (a != null) {
            try {
                core.net.setIntOption(core.handle, SockOpt.IP_MULTICAST_IF, inet4AsInt(a));
            } catch (IOException e) {
                if (family == Family.INET) {
                    throw e;
                }
            }
        } else if (family == Family.INET) {
            throw new IOException("Network interface not configured for IPv4");
        }
    }

    /** Under stateLock: the interface IP_MULTICAST_IF names, or null. */
    NetworkInterface getInterface() throws IOException {
        if (family == Family.INET) {
            int a = core.net.getIntOption(core.handle, SockOpt.IP_MULTICAST_IF);
            if (a == 0) {
                return null;
            }
            InetAddress ia = InetAddress.getByAddress(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a});
            NetworkInterface ni = NetworkInterface.getByInetAddress(ia);
            if (ni == null) {
                throw new IOException("Unable to map address to interface");
            }
            return ni;
        }
        int index = core.net.getIntOption(core.handle, SockOpt.IPV6_MULTICAST_IF);
        if (index == 0) {
            return null;
        }
        NetworkInterface ni = NetworkInterface.getByIndex(index);
        if (ni == null) {
            throw new IOException("Unable to map index to interface");
        }
        return ni;
    }

    private static Inet4Address anyInet4Address(NetworkInterface ni) {
        for (Enumeration<InetAddress> e = ni.getInetAddresses(); e.hasMoreElements();) {
            InetAddress a = e.nextElement();
            if (a instanceof Inet4Address) {
                return (Inet4Address) a;
            }
        }
        return null;
    }

    private static int inet4AsInt(Inet4Address a) {
        byte[] b = a.getAddress();
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    /** One membership; its state is guarded by the channel's stateLock. */
    private final class Membership extends MembershipKey {
        private final InetAddress group;
        private final NetworkInterface interf;
        private final int index;
        private final InetAddress source;
        private final List<InetAddress> blocked = new ArrayList<>();
        private volatile boolean valid = true;

        Membership(InetAddress group, NetworkInterface interf, int index, InetAddress source) {
            this.group = group;
            this.interf = interf;
            this.index = index;
            this.source = source;
        }

        @Override
        public boolean isValid() {
            return valid;
        }

        @Override
        public void drop() {
            synchronized (core.stateLock) {
                if (!valid) {
                    return;
                }
                try {
                    core.net.multicast(core.handle, source == null ? NativeNet.MCAST_LEAVE : NativeNet.MCAST_LEAVE_SOURCE,
                            group, index, source);
                } catch (IOException ignore) {
                    // the membership is gone from this key either way, as in the JDK
                }
                valid = false;
                memberships.remove(this);
            }
        }

        @Override
        public MembershipKey block(InetAddress src) throws IOException {
            Objects.requireNonNull(src);
            if (source != null) {
                throw new IllegalStateException("key is source-specific");
            }
            checkSource(group, src);
            synchronized (core.stateLock) {
                if (!valid) {
                    throw new IllegalStateException("key is no longer valid");
                }
                if (!blocked.contains(src)) {
                    core.net.multicast(core.handle, NativeNet.MCAST_BLOCK, group, index, src);
                    blocked.add(src);
                }
            }
            return this;
        }

        @Override
        public MembershipKey unblock(InetAddress src) {
            Objects.requireNonNull(src);
            synchronized (core.stateLock) {
                if (!valid) {
                    throw new IllegalStateException("key is no longer valid");
                }
                if (!blocked.contains(src)) {
                    throw new IllegalStateException("not blocked");
                }
                try {
                    core.net.multicast(core.handle, NativeNet.MCAST_UNBLOCK, group, index, src);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                blocked.remove(src);
            }
            return this;
        }

        @Override
        public DatagramChannel channel() {
            return channel;
        }

        @Override
        public InetAddress group() {
            return group;
        }

        @Override
        public NetworkInterface networkInterface() {
            return interf;
        }

        @Override
        public InetAddress sourceAddress() {
            return source;
        }

        @Override
        public String toString() {
            return "<" + group.getHostAddress() + "," + interf.getName() + (source == null ? "" : "," + source.getHostAddress()) + ">";
        }
    }
}

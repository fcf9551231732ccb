package io.wsnio.channels;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;

/**
 * The JFR side of {@link SocketEvents}; loaded only when the runtime has {@code jdk.jfr}. Fields
 * are filled as the JDK fills {@code jdk.SocketRead}: host string, address, port of an internet
 * peer; "Unix domain socket" and the path in brackets for a UNIX-domain one; for other families
 * the peer's {@code toString()}.
 */
final class JfrSocketEvents {
    private static final EventType READ = EventType.getEventType(Read.class);
    private static final EventType WRITE = EventType.getEventType(Write.class);

    private JfrSocketEvents() {
    }

    @Name("io.wsnio.SocketRead")
    @Label("wsnio Socket Read")
    @Category({"Java Application", "wsnio"})
    @Description("Reading data from a wsnio socket")
    @Enabled
    @StackTrace
    @Threshold("20 ms")
    static final class Read extends Event {
        @Label("Remote Host")
        String host;

        @Label("Remote Address")
        String address;

        @Label("Remote Port")
        int port;

        @Label("Timeout Value")
        @Timespan(Timespan.MILLISECONDS)
        long timeout;

        @Label("Bytes Read")
        @Description("Number of bytes read from the socket")
        @DataAmount
        long bytesRead;

        @Label("End of Stream")
        @Description("If end of stream was reached")
        boolean endOfStream;

        @Label("Socket Triple")
        @Description("The (family, type, protocol) the socket was opened with")
        String triple;

        @Label("Protocol in Use")
        @Description("The protocol number the kernel reports for the socket (SO_PROTOCOL), -1 if unknown")
        int protocolInUse;
    }

    @Name("io.wsnio.SocketWrite")
    @Label("wsnio Socket Write")
    @Category({"Java Application", "wsnio"})
    @Description("Writing data to a wsnio socket")
    @Enabled
    @StackTrace
    @Threshold("20 ms")
    static final class Write extends Event {
        @Label("Remote Host")
        String host;

        @Label("Remote Address")
        String address;

        @Label("Remote Port")
        int port;

        @Label("Bytes Written")
        @Description("Number of bytes written to the socket")
        @DataAmount
        long bytesWritten;

        @Label("Socket Triple")
        @Description("The (family, type, protocol) the socket was opened with")
        String triple;

        @Label("Protocol in Use")
        @Description("The protocol number the kernel reports for the socket (SO_PROTOCOL), -1 if unknown")
        int protocolInUse;
    }

    static Object readBegin(Object reuse) {
        if (!READ.isEnabled()) {
            return null;
        }
        Read e = reuse == null ? new Read() : (Read) reuse;
        e.begin();
        return e;
    }

    static Object writeBegin(Object reuse) {
        if (!WRITE.isEnabled()) {
            return null;
        }
        Write e = reuse == null ? new Write() : (Write) reuse;
        e.begin();
        return e;
    }

    static void readEnd(Object event, WsnioSocketChannel channel, SocketAddress peer, long n, long timeoutMillis) {
        Read e = (Read) event;
        e.end();
        if (e.shouldCommit()) {
            e.endOfStream = n < 0;
            e.bytesRead = Math.max(n, 0);
            e.timeout = timeoutMillis;
            e.triple = channel.spec().toString();
            e.protocolInUse = protocol(channel);
            e.host = host(peer);
            e.address = address(peer);
            e.port = peer instanceof InetSocketAddress ? ((InetSocketAddress) peer).getPort() : 0;
            e.commit();
        }
    }

    static void writeEnd(Object event, WsnioSocketChannel channel, SocketAddress peer, long n) {
        Write e = (Write) event;
        e.end();
        if (e.shouldCommit()) {
            e.bytesWritten = Math.max(n, 0);
            e.triple = channel.spec().toString();
            e.protocolInUse = protocol(channel);
            e.host = host(peer);
            e.address = address(peer);
            e.port = peer instanceof InetSocketAddress ? ((InetSocketAddress) peer).getPort() : 0;
            e.commit();
        }
    }

    /** As the JDK's events: the host string of an internet peer, "Unix domain socket" for a UNIX one. */
    private static String host(SocketAddress peer) {
        if (peer instanceof InetSocketAddress) {
            return ((InetSocketAddress) peer).getHostString();
        }
        return peer instanceof UnixDomainSocketAddress ? "Unix domain socket" : "";
    }

    /** As the JDK's events: the peer's IP address, or a UNIX path in brackets; else its toString(). */
    private static String address(SocketAddress peer) {
        if (peer instanceof InetSocketAddress) {
            InetSocketAddress isa = (InetSocketAddress) peer;
            return isa.getAddress() == null ? "" : isa.getAddress().getHostAddress();
        }
        if (peer instanceof UnixDomainSocketAddress) {
            return "[" + ((UnixDomainSocketAddress) peer).getPath() + "]";
        }
        return peer == null ? "" : peer.toString();
    }

    private static int protocol(WsnioSocketChannel channel) {
        try {
            return channel.protocolInUse();
        } catch (IOException | RuntimeException e) {
            return -1; // closed meanwhile
        }
    }
}

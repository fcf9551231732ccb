package io.wsnio;

import java.io.IOException;
import java.nio.channels.Channel;

/**
 * What every channel wsnio opens tells beyond the NIO interfaces: the triple it was opened with
 * and the protocol the kernel reports. Every {@code SocketChannel}, {@code ServerSocketChannel},
 * {@code DatagramChannel} and {@code Pipe} end a {@link WsnioSelectorProvider} makes implements it,
 * so code can ask without naming an implementation class:
 *
 * <pre>{@code
 * if (channel instanceof WsnioChannel w) {
 *     System.out.println(w.spec() + " in use: " + w.protocolInUse());
 * }
 * }</pre>
 */
public interface WsnioChannel extends Channel {

    /** The (family, type, protocol) triple the socket was opened with (for a pipe end, its socket pair's). */
    SocketSpec spec();

    /**
     * The protocol number the kernel reports for the socket ({@code SO_PROTOCOL}), e.g. 6 for TCP,
     * 262 when MPTCP is in use, 136 for UDP-Lite.
     *
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws IOException if the kernel does not report it (e.g. UNIX-domain sockets on some systems)
     */
    int protocolInUse() throws IOException;
}

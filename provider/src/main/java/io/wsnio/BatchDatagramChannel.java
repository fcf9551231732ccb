package io.wsnio;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * Datagram I/O beyond {@link java.nio.channels.DatagramChannel}: many datagrams per system call and
 * UDP segmentation offload. Every wsnio {@code DatagramChannel} implements it; cast the channel
 * from {@code provider.openDatagramChannel(...)}.
 *
 * <pre>{@code
 * BatchDatagramChannel b = (BatchDatagramChannel) provider.openDatagramChannel(StandardProtocolFamily.INET);
 * int sent = b.sendBatch(packets, 0, packets.length, target);   // sendmmsg
 * int got = b.receiveBatch(buffers, 0, buffers.length, sources); // recvmmsg
 * b.sendSegmented(bulk, 1200, target);                          // one sendmsg, UDP_SEGMENT
 * }</pre>
 *
 * <p>The calls follow the channel's blocking mode and its locks, like {@code send} and
 * {@code receive}: a closed channel throws {@link java.nio.channels.ClosedChannelException},
 * a close from another thread {@link java.nio.channels.AsynchronousCloseException}. Bounds are
 * checked before any native call ({@link IndexOutOfBoundsException} for offset/count,
 * {@link IllegalArgumentException} for sizes). Direct buffers are passed by address and nothing
 * is allocated per call except the source addresses; heap buffers are copied through a direct one.
 * On Linux a batch is one {@code sendmmsg}/{@code recvmmsg}; Winsock has no such call (only
 * Registered I/O), so the Winsock backend loops over the batch inside one native-seam call
 * ({@code sendto}/{@code recvfrom} per datagram). Offload is Linux UDP_SEGMENT/UDP_GRO and Windows
 * 10 1903+ UDP_SEND_MSG_SIZE/UDP_RECV_MAX_COALESCED_SIZE; where the stack refuses them the calls
 * throw, naming the error and the option, and never fall back silently.
 */
public interface BatchDatagramChannel {

    /** The most datagrams one batch call takes (the kernel's UIO_MAXIOV). */
    int MAX_BATCH = 1024;

    /** The most segments one {@link #sendSegmented} call makes (Linux UDP_MAX_SEGMENTS). */
    int MAX_SEGMENTS = 64;

    /** The largest datagram payload (IPv4: 65535 - 20 - 8). */
    int MAX_DATAGRAM = 65507;

    /**
     * Sends {@code packets[offset .. offset+count)}, each buffer's remaining bytes as one datagram,
     * to {@code target} (null or the peer when connected) with one {@code sendmmsg}. Each sent
     * buffer's position moves to its limit. In blocking mode every datagram is sent; in
     * non-blocking mode a prefix may be.
     *
     * @return how many datagrams were sent (0 when none could be in non-blocking mode)
     * @throws IndexOutOfBoundsException offset/count outside the array
     * @throws IllegalArgumentException count above {@link #MAX_BATCH}, or a datagram above {@link #MAX_DATAGRAM}
     * @throws java.nio.channels.NotYetConnectedException target null on an unconnected channel
     */
    int sendBatch(ByteBuffer[] packets, int offset, int count, SocketAddress target) throws IOException;

    /**
     * Receives up to {@code count} datagrams into {@code buffers[offset .. offset+count)}, one
     * datagram per buffer, with one {@code recvmmsg}: in blocking mode waits for the first and
     * then takes only what is already queued; in non-blocking mode returns 0 when nothing is
     * queued. Each buffer's position moves by its datagram's length (a longer datagram is
     * truncated to the buffer's remaining bytes and the rest discarded); {@code sources[offset+i]}
     * gets the source of datagram i, unless {@code sources} is null.
     *
     * @return how many datagrams were received
     * @throws IndexOutOfBoundsException offset/count outside {@code buffers} or {@code sources}
     * @throws IllegalArgumentException count above {@link #MAX_BATCH}, or a read-only buffer
     */
    int receiveBatch(ByteBuffer[] buffers, int offset, int count, SocketAddress[] sources) throws IOException;

    /**
     * Sends {@code src}'s remaining bytes as datagrams of {@code segmentSize} bytes (the last may be
     * shorter) with one system call: UDP segmentation offload (Linux 4.18+ UDP_SEGMENT; Windows
     * 10 1903+ WSASendMsg with UDP_SEND_MSG_SIZE). The receiver sees ordinary separate datagrams.
     * On success the position moves to the limit.
     *
     * @return the bytes sent (0 when the socket buffer was full in non-blocking mode)
     * @throws IllegalArgumentException segmentSize not in 1..{@link #MAX_DATAGRAM}, more than
     *         {@link #MAX_SEGMENTS} segments, or more than {@link #MAX_DATAGRAM} bytes in all
     * @throws UnsupportedOperationException on a channel that is not UDP, or when the network stack
     *         refuses segmentation offload on this socket (the message names the error and option)
     */
    int sendSegmented(ByteBuffer src, int segmentSize, SocketAddress target) throws IOException;

    /**
     * With {@link WsnioSocketOptions#UDP_GRO} on: the segment size of the datagram last returned by
     * {@code receive}, when the kernel coalesced several datagrams of that size (the last one may be
     * shorter) into it (Linux: the UDP_GRO control message; Windows: UDP_COALESCED_INFO); 0 when it
     * was a single datagram. {@code receiveBatch} does not report it
     * (a batch entry may hold coalesced data; split it by the size the sender used).
     *
     * @throws IllegalStateException when the kernel truncated that receive's control data
     *         (MSG_CTRUNC) before the coalescing report, so whether the datagram was coalesced is
     *         unknown; the datagram itself was delivered. On Linux wsnio gives the control data
     *         2 KiB, more than every control message UDP puts before the report, so only ancillary
     *         data turned on through raw socket options can crowd it out (Windows: 128 bytes)
     */
    int lastSegmentSize();
}

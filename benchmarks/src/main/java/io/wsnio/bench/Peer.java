package io.wsnio.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The other side of a benchmark (echo, drain, receiver): a daemon thread pinned to the peer CPU that
 * runs until its channel reaches end of stream or is closed. A failure other than that close is kept
 * and rethrown by {@link #stop}, so a broken peer fails the trial instead of hanging it silently.
 */
final class Peer {

    interface Body {
        void run() throws IOException;
    }

    private final Thread thread;
    private volatile Throwable failure;
    volatile boolean stopping;

    private Peer(String name, Body body) {
        thread = new Thread(() -> {
            Affinity.pinPeer();
            try {
                body.run();
            } catch (Throwable t) {
                if (!stopping) { // once stopping, a close-related exception is the expected way out
                    failure = t;
                    t.printStackTrace();
                }
            }
        }, name);
        thread.setDaemon(true);
    }

    static Peer start(String name, Body body) {
        Peer peer = new Peer(name, body);
        peer.thread.start();
        return peer;
    }

    /**
     * A blocking echo of {@code side}: reads {@code size} bytes in full, writes them back, until end
     * of stream (a TCP ping-pong's server side).
     */
    static Peer tcpEcho(java.nio.channels.SocketChannel side, int size) {
        return start("tcp-echo", () -> {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocateDirect(size);
            while (true) {
                buf.clear();
                if (!Net.readFully(side, buf)) {
                    return;
                }
                buf.flip();
                Net.writeFully(side, buf);
            }
        });
    }

    /** Marks the stop as expected, runs {@code closer} (which must make the body return) and joins. */
    void stop(Body closer) throws IOException, InterruptedException {
        stopping = true;
        closer.run();
        thread.join(TimeUnit.SECONDS.toMillis(5));
        if (thread.isAlive()) {
            throw new IllegalStateException(thread.getName() + " still running 5 s after its channel was"
                    + " closed: a blocked operation did not wake up on close");
        }
        if (failure != null) {
            throw new IllegalStateException(thread.getName() + " failed", failure);
        }
    }
}

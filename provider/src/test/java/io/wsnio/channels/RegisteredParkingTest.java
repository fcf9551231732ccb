package io.wsnio.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wsnio.WsnioSelectorProvider;
import io.wsnio.nativeio.Backends;
import io.wsnio.nativeio.NativeNet;
import io.wsnio.nativeio.Readiness;
import io.wsnio.testkit.UdpPair;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Channels registered for good with the virtual threads' poller (epoll, EPOLLET): a report that
 * comes while nobody waits is kept for the next wait on its side (the race between a failed attempt
 * and the park loses nothing), a waiter is woken by a report on its own side only, and the kernel's
 * registration ends before the descriptor is closed, checked against the epoll instance's entries
 * in /proc/self/fdinfo. Linux only: the Winsock backend's pollers only arm (its waits are covered by
 * OneShotPollerTest), and so does the POSIX backend with {@code -Dwsnio.virtual.poller} set.
 */
@Timeout(60)
class RegisteredParkingTest {
    private final NativeNet net = Backends.net();
    private final List<Long> handles = new ArrayList<>();
    private final ByteBuffer one = ByteBuffer.allocateDirect(1);
    private ParkingPoller poller;

    @BeforeEach
    void pollers() throws IOException {
        assumeTrue(ParkingPoller.available(net), "this backend has no one-shot poller");
        assumeTrue(ParkingPoller.registering(), "the virtual threads' poller of backend " + net.name()
                + (System.getProperty("wsnio.virtual.poller") != null
                        ? " with -Dwsnio.virtual.poller=" + System.getProperty("wsnio.virtual.poller") : "")
                + " arms handles for each wait instead of registering them");
        one.put(0, (byte) 1);
    }

    @AfterEach
    void closeAll() throws IOException {
        for (long h : handles) {
            if (poller != null && poller.isRegistered(h)) {
                poller.unregister(h);
            }
            net.close(h);
        }
    }

    /** A connected UDP pair, the receiver non-blocking: [0] the receiver, [1] the sender. */
    private long[] pair() throws IOException {
        long[] p = UdpPair.open(net, handles);
        net.configureBlocking(p[0], false);
        return p;
    }

    private void send(long tx) throws IOException {
        UdpPair.send(net, tx, one);
    }

    /** Waits on a thread of its own; the future completes when the wait returns. */
    private CompletableFuture<Void> waitOn(long handle, int events) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            poller.awaitRegistered(handle, events, 0, this);
            done.complete(null);
        }, "registered-waiter");
        t.setDaemon(true);
        t.start();
        waiters.add(t);
        return done;
    }

    private final List<Thread> waiters = new ArrayList<>();

    /** {@link #waitOn}, returning once the waiting thread has parked. */
    private CompletableFuture<Void> parkedWaitOn(long handle, int events) throws InterruptedException {
        CompletableFuture<Void> done = waitOn(handle, events);
        awaitParked(waiters.get(waiters.size() - 1));
        return done;
    }

    /** Waits until the thread is parked (WAITING), or fails after five seconds. */
    private static void awaitParked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (t.getState() != Thread.State.WAITING) {
            assertTrue(System.nanoTime() < deadline, "the waiter never parked: " + t.getState());
            Thread.sleep(1);
        }
    }

    /** The descriptors in the epoll instance {@code epfd}, from the "tfd:" lines of its fdinfo. */
    private static List<Long> epollEntries(long epfd) throws IOException {
        Path info = Path.of("/proc/self/fdinfo/" + epfd);
        assumeTrue(Files.isReadable(info), "no " + info + " to read epoll entries from");
        List<Long> fds = new ArrayList<>();
        for (String line : Files.readAllLines(info)) {
            if (line.startsWith("tfd:")) {
                fds.add(Long.parseLong(line.substring(4).trim().split("\\s+")[0]));
            }
        }
        return fds;
    }

    @Test
    void aReportThatCameWhileNobodyWaitedEndsTheNextWaitAtOnce() throws Exception {
        long[] p = pair();
        poller = ParkingPoller.register(net, p[0]);
        // the registration's own report (writable) and, after the send, the datagram's come
        // while no thread waits: the read side's must be kept
        send(p[1]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        CompletableFuture<Void> first = waitOn(p[0], Readiness.IN);
        first.get(5, TimeUnit.SECONDS); // would park for good if the report had been dropped
        assertTrue(System.nanoTime() < deadline);
        // the report is taken: the next wait parks until a new one comes
        CompletableFuture<Void> second = parkedWaitOn(p[0], Readiness.IN);
        assertFalse(second.isDone(), "a taken report ended a second wait");
        send(p[1]);
        second.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aReportWakesOnlyTheWaiterOfItsSide() throws Exception {
        long[] p = pair();
        poller = ParkingPoller.register(net, p[0]); // reports "writable" at once: nobody writes, so it is kept for the write side
        CompletableFuture<Void> reader = parkedWaitOn(p[0], Readiness.IN);
        Thread.sleep(100);
        assertFalse(reader.isDone(), "a report of writability ended a read wait");
        waitOn(p[0], Readiness.OUT).get(5, TimeUnit.SECONDS); // the kept write-side report
        assertFalse(reader.isDone(), "the write side's report ended the read wait");
        send(p[1]);
        reader.get(5, TimeUnit.SECONDS);
    }

    @Test
    void unregisterRemovesTheKernelEntryAndTheRecord() throws Exception {
        long[] p = pair();
        poller = ParkingPoller.register(net, p[0]);
        long epfd = poller.pollerHandle();
        assumeTrue(epfd >= 0, "the poller has no descriptor of its own");
        assertTrue(epollEntries(epfd).contains(p[0]), "registered, not in the epoll set");
        assertTrue(poller.isRegistered(p[0]));
        poller.unregister(p[0]);
        assertFalse(epollEntries(epfd).contains(p[0]), "unregistered, still in the epoll set");
        assertFalse(poller.isRegistered(p[0]));
        // a wait on an unregistered handle (its channel is closing) returns instead of parking
        waitOn(p[0], Readiness.IN).get(5, TimeUnit.SECONDS);
    }

    /**
     * The channel path: a virtual thread's blocking read registers the socket, the read completes
     * when the peer writes, and close ends the registration before the descriptor is released.
     */
    @Test
    void aVirtualThreadsChannelIsRegisteredUntilClose() throws Exception {
        assumeTrue(VirtualThreads.supported(), "no virtual threads before JDK 21 (this is "
                + Runtime.version() + ")");
        WsnioSelectorProvider provider = new WsnioSelectorProvider();
        try (ServerSocketChannel listener = provider.openServerSocketChannel()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SocketChannel client = provider.openSocketChannel()) {
            client.connect(listener.getLocalAddress());
            SocketChannel accepted = listener.accept();
            long h = ((NativeChannel) accepted).handle();
            CompletableFuture<Integer> read = new CompletableFuture<>();
            Thread reader = VirtualThreads.start("registered-reader", () -> {
                try {
                    read.complete(accepted.read(ByteBuffer.allocateDirect(8)));
                } catch (Throwable e) {
                    read.completeExceptionally(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (reader.getState() != Thread.State.WAITING) {
                assertTrue(System.nanoTime() < deadline, "the reader never parked: " + reader.getState());
                Thread.sleep(1);
            }
            poller = ParkingPoller.registeredWith(h);
            assertNotNull(poller, "a virtual thread waited, the socket is not registered");
            long epfd = poller.pollerHandle();
            if (epfd >= 0) {
                assertTrue(epollEntries(epfd).contains(h), "registered, not in the epoll set");
            }
            client.write(ByteBuffer.wrap(new byte[] {7}));
            assertEquals(1, read.get(5, TimeUnit.SECONDS));
            accepted.close();
            assertFalse(poller.isRegistered(h), "closed, still registered");
            if (epfd >= 0) {
                assertFalse(epollEntries(epfd).contains(h), "closed, still in the epoll set");
            }
        }
    }

    /**
     * Placement: while the read sub-pollers hold few registrations, a connection's two ends (each
     * used by a virtual thread) are registered with the same one, whatever their descriptor
     * numbers, so a wake-up on one end and the reply on the other are seen by one polling loop.
     * Several connections in a row, so that both descriptor parities come up.
     */
    @Test
    void aFewRegistrationsShareOneSubPoller() throws Exception {
        assumeTrue(VirtualThreads.supported(), "no virtual threads before JDK 21 (this is "
                + Runtime.version() + ")");
        WsnioSelectorProvider provider = new WsnioSelectorProvider();
        try (ServerSocketChannel listener = provider.openServerSocketChannel()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            for (int i = 0; i < 4; i++) {
                try (SocketChannel client = provider.openSocketChannel()) {
                    client.connect(listener.getLocalAddress());
                    try (SocketChannel accepted = listener.accept()) {
                        // a blocking write on a virtual thread registers the socket (it is writable: no park)
                        for (SocketChannel ch : List.of(client, accepted)) {
                            CompletableFuture<Integer> wrote = new CompletableFuture<>();
                            VirtualThreads.start("placement", () -> {
                                try {
                                    wrote.complete(ch.write(ByteBuffer.wrap(new byte[] {1})));
                                } catch (Throwable e) {
                                    wrote.completeExceptionally(e);
                                }
                            });
                            assertEquals(1, wrote.get(5, TimeUnit.SECONDS));
                        }
                        long c = ((NativeChannel) client).handle();
                        long a = ((NativeChannel) accepted).handle();
                        ParkingPoller pc = ParkingPoller.registeredWith(c);
                        assertNotNull(pc, "client " + c + " not registered");
                        assertSame(pc, ParkingPoller.registeredWith(a), "descriptors " + c + " and " + a
                                + " of one connection on different sub-pollers (registrations per sub-poller: "
                                + ParkingPoller.loads() + ")");
                    }
                }
            }
        }
    }

    @Test
    void theReadPollerCountIsAPowerOfTwoFromOneTo32() {
        String key = "wsnio.virtual.readPollers";
        String before = System.getProperty(key);
        try {
            System.clearProperty(key);
            int dflt = ParkingPoller.readPollerCount();
            assertEquals(Math.min(Integer.highestOneBit(Runtime.getRuntime().availableProcessors()), 32), dflt);
            for (String good : new String[] {"1", "2", "32"}) {
                System.setProperty(key, good);
                assertEquals(Integer.parseInt(good), ParkingPoller.readPollerCount());
            }
            for (String bad : new String[] {"0", "3", "64", "-2", "two"}) {
                System.setProperty(key, bad);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, ParkingPoller::readPollerCount);
                assertTrue(e.getMessage().contains("-Dwsnio.virtual.readPollers=" + bad), e.getMessage());
            }
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }
}

package io.wsnio.spi.reliability;

import static io.wsnio.spi.TestNet.LOOPBACK4;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.wsnio.spi.Providers;

/**
 * Real signals interrupting threads blocked inside blocking read, write, accept, connect, receive,
 * send, {@code Selector.select} and the timed socket-adaptor calls, on the JDK (the oracle) and on
 * wsnio. A real-time signal the JVM does not use gets a counting handler installed WITHOUT
 * SA_RESTART ({@link SignalShim}), so every interrupted socket call fails with EINTR in the kernel
 * (epoll_wait and poll do even with SA_RESTART). The blocked thread records its own native thread
 * id; the test reads {@code /proc/self/task/<tid>/syscall} and sends the signal with tgkill only
 * while the thread is inside one of the operation's system calls, {@value #DEFAULT_SIGNALS} times
 * per operation ({@code -Dwsnio.reliability.signals=N}): each signal must make a system call return
 * EINTR (the handler reads the interrupted registers) and the thread must go back into the call.
 * Asserted: the operation is still blocked after all of them (nothing surfaced, no spurious return
 * from select or timed calls), then completes after the real event with exactly the right data or
 * result and no exception.
 */
@Timeout(value = 120)
class SignalInterruptTest {

    static final int DEFAULT_SIGNALS = 200;
    static final int SIGNALS = Integer.getInteger("wsnio.reliability.signals", DEFAULT_SIGNALS);
    /**
     * SIGRTMIN+6 without SA_RESTART, SIGRTMIN+7 with it: glibc keeps signals 32 and 33 (below SIGRTMIN),
     * HotSpot uses none of the real-time signals on Linux (the JDK's own close signal is SIGRTMAX-2).
     */
    private static final int SIGNAL_OFFSET = 6, RESTART_SIGNAL_OFFSET = 7;

    // x86-64 system call numbers (the shim reads x86-64 registers; other architectures abort)
    private static final int READ = 0, WRITE = 1, POLL = 7, CONNECT = 42, ACCEPT = 43, SENDTO = 44,
            RECVFROM = 45, SENDMSG = 46, RECVMSG = 47, EPOLL_WAIT = 232, PPOLL = 271, EPOLL_PWAIT = 281,
            ACCEPT4 = 288, EPOLL_PWAIT2 = 441;
    // after an EINTR the JDK waits in poll() before it calls again (park); wsnio calls again at once
    private static final int[] READ_CALLS = {READ, RECVFROM, RECVMSG, POLL, PPOLL};
    private static final int[] WRITE_CALLS = {WRITE, SENDTO, SENDMSG, POLL, PPOLL};
    private static final int[] ACCEPT_CALLS = {ACCEPT, ACCEPT4, POLL, PPOLL};
    private static final int[] CONNECT_CALLS = {CONNECT, POLL, PPOLL};
    private static final int[] SELECT_CALLS = {EPOLL_WAIT, EPOLL_PWAIT, EPOLL_PWAIT2};
    private static final int[] POLL_CALLS = {POLL, PPOLL, EPOLL_WAIT, EPOLL_PWAIT, EPOLL_PWAIT2};

    private static SignalShim.Lib shim;
    private static int signo;
    private static int restartSigno;

    @BeforeAll
    static void install() throws Exception {
        ProcSelf.assumeLinux();
        String arch = System.getProperty("os.arch");
        Assumptions.assumeTrue(arch.equals("amd64") || arch.equals("x86_64"),
                "the signal shim reads x86-64 registers and the test uses x86-64 system call numbers (os.arch " + arch + ")");
        shim = SignalShim.load();
        signo = installed(SIGNAL_OFFSET, shim.wsnio_sig_install(SIGNAL_OFFSET, 0));
        restartSigno = installed(RESTART_SIGNAL_OFFSET, shim.wsnio_sig_install(RESTART_SIGNAL_OFFSET, 1));
    }

    private static int installed(int offset, int rc) {
        assertTrue(rc > 0, "installing the handler for SIGRTMIN+" + offset + " failed: " + rc
                + (rc == -1 ? " (the JVM already handles it)" : " (-errno)"));
        return rc;
    }

    private static SelectorProvider provider(String name) {
        return name.equals("jdk") ? Providers.jdk() : Providers.wsnio();
    }

    /** The byte at stream offset {@code i} of the test pattern. */
    private static byte at(long i) {
        return (byte) (i * 131 + (i >>> 9));
    }

    private static ByteBuffer pattern(long from, int n) {
        ByteBuffer b = ByteBuffer.allocateDirect(n);
        for (int i = 0; i < n; i++) {
            b.put(i, at(from + i));
        }
        return b;
    }

    private static void writeFully(SocketChannel c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            c.write(b);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "wsnio"})
    void read(String name) throws Exception {
        SelectorProvider p = provider(name);
        int n = 100_000;
        try (ServerSocketChannel l = p.openServerSocketChannel().bind(new InetSocketAddress(LOOPBACK4, 0));
             SocketChannel c = p.openSocketChannel()) {
            c.connect(l.getLocalAddress());
            try (SocketChannel peer = l.accept()) {
                ByteBuffer got = underSignals(name, "read", READ_CALLS, () -> {
                    ByteBuffer b = ByteBuffer.allocateDirect(n);
                    while (b.hasRemaining()) {
                        if (c.read(b) < 0) {
                            throw new EOFException("end of stream after " + b.position());
                        }
                    }
                    return b.flip();
                }, () -> writeFully(peer, pattern(0, n)));
                assertEquals(pattern(0, n), got, "the bytes read");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "wsnio"})
    void write(String name) throws Exception {
        SelectorProvider p = provider(name);
        int n = 1 << 20;
        try (ServerSocketChannel l = p.openServerSocketChannel().bind(new InetSocketAddress(LOOPBACK4, 0));
             SocketChannel c = p.openSocketChannel()) {
            c.connect(l.getLocalAddress());
            try (SocketChannel peer = l.accept()) {
                // fill the send and receive buffers: the peer does not read, so the next write blocks
                c.configureBlocking(false);
                long pre = 0;
                for (;;) {
                    int w = c.write(pattern(pre, 65536));
                    if (w == 0) {
                        break;
                    }
                    pre += w;
                }
                c.configureBlocking(true);
                long prefilled = pre;
                long total = pre + n;
                int calls = underSignals(name, "write", WRITE_CALLS, () -> {
                    ByteBuffer b = pattern(prefilled, n);
                    int k = 0;
                    while (b.hasRemaining()) {
                        c.write(b);
                        k++;
                    }
                    return k;
                }, () -> {
                    // the peer reads the whole stream and checks every byte
                    ByteBuffer b = ByteBuffer.allocateDirect(65536);
                    long pos = 0;
                    while (pos < total) {
                        b.clear().limit((int) Math.min(b.capacity(), total - pos));
                        if (peer.read(b) < 0) {
                            throw new EOFException("peer saw end of stream at " + pos + " of " + total);
                        }
                        b.flip();
                        while (b.hasRemaining()) {
                            byte x = b.get();
                            if (x != at(pos)) {
                                throw new AssertionError("byte " + pos + " is " + x + ", expected " + at(pos));
                            }
                            pos++;
                        }
                    }
                });
                assertTrue(calls >= 1);
                System.out.printf("[reliability] signals %s write: %d B prefilled, %d B written in %d write calls%n",
                        name, prefilled, n, calls);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "wsnio"})
    void accept(String name) throws Exception {
        SelectorProvider p = provider(name);
        try (ServerSocketChannel l = p.openServerSocketChannel().bind(new InetSocketAddress(LOOPBACK4, 0));
             SocketChannel client = p.openSocketChannel()) {
            try (SocketChannel a = underSignals(name, "accept", ACCEPT_CALLS, l::accept,
                    () -> client.connect(l.getLocalAddress()))) {
                assertEquals(client.getLocalAddress(), a.getRemoteAddress(), "the accepted connection is the client's");
                a.write(ByteBuffer.wrap(new byte[] {42}));
                ByteBuffer one = ByteBuffer.allocate(1);
                assertEquals(1, client.read(one));
                assertEquals(42, one.get(0));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "wsnio"})
    void connect(String name) throws Exception {
        SelectorProvider p = provider(name);
        SelectorProvider jdk = Providers.jdk();
        List<SocketChannel> fillers = new ArrayList<>();
        List<SocketChannel> accepted = new ArrayList<>();
        // a listener whose accept queue is full drops SYNs, so a blocking connect to it waits
        // (the client retransmits its SYN after 1 s, 3 s, ...)
        try (ServerSocketChannel full = jdk.openServerSocketChannel().bind(new InetSocketAddress(LOOPBACK4, 0), 1);
             SocketChannel c = p.openSocketChannel()) {
            fillers.addAll(io.wsnio.spi.TestNet.fillAcceptQueue(full));
            Map<Integer, Integer> where = new TreeMap<>();
            boolean connected = underSignals(name, "connect", CONNECT_CALLS, signo, where, () -> c.connect(full.getLocalAddress()),
                    task -> {
                        full.configureBlocking(false);
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                        while (!task.isDone() && System.nanoTime() < deadline) {
                            SocketChannel a = full.accept();
                            if (a != null) {
                                accepted.add(a);
                            } else {
                                Thread.sleep(5);
                            }
                        }
                    });
            assertTrue(connected, "a blocking connect returns true");
            assertTrue(c.isConnected());
            assertTrue(where.containsKey(CONNECT), "at least one signal interrupted connect() itself: " + where);
            // the connection is real: find the server side and exchange a byte
            SocketAddress mine = c.getLocalAddress();
            SocketChannel server = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server == null && System.nanoTime() < deadline) {
                for (SocketChannel a : accepted) {
                    if (a.getRemoteAddress().equals(mine)) {
                        server = a;
                    }
                }
                SocketChannel a = full.accept();
                if (a != null) {
                    accepted.add(a);
                } else if (server == null) {
                    Thread.sleep(5);
                }
            }
            assertTrue(server != null, "the listener accepted the connection from " + mine);
            c.write(ByteBuffer.wrap(new byte[] {7}));
            server.configureBlocking(true);
            ByteBuffer one = ByteBuffer.allocate(1);
            assertEquals(1, server.read(one));
            assertEquals(7, one.get(0));
        } finally {
            for (SocketChannel s : fillers) {
                s.close();
            }
            for (SocketChannel s : accepted) {
                s.close();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "wsnio"})
    void receive(String name) throws Exception {
        SelectorProvider p = provider(name);
        try (DatagramChannel d = p.openDatagramChannel().bind(new InetSocketAddress(LOOPBACK4, 0));
             DatagramChannel sender = p.openDatagramChannel().bind(new InetSocketAddress(LOOPBACK4, 0))) {
            ByteBuffer b = ByteBuffer.allocateDirect(2048);
            SocketAddress from = underSignals(name, "receive", READ_CALLS, () -> d.receive(b),
                    () -> sender.send(pattern(0, 1000), d.getLocalAddress()));
            assertEquals(sender.getLocalAddress(), from, "the datagram's source");
            assertEquals(pattern(0, 1000), b.flip(), "the datagram");
        }
    }

    /**
     * A blocking send needs a receiver whose queue is full: a UNIX-domain datagram socket that does
     * not read (UDP on loopback never blocks a sender). The JDK has no UNIX datagram channel.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jdk", "wsnio"})
    void send(String name) throws Exception {
        SelectorProvider p = provider(name);
        Assumptions.assumeTrue(name.equals("wsnio"), "a blocking send needs a full UNIX datagram receiver; the JDK has"
                + " no UNIX datagram channel (openDatagramChannel(UNIX) throws) and a UDP send on loopback never blocks");
        Path dir = Files.createTempDirectory("wsnio-sig");
        UnixDomainSocketAddress ra = UnixDomainSocketAddress.of(dir.resolve("r"));
        UnixDomainSocketAddress sa = UnixDomainSocketAddress.of(dir.resolve("s"));
        try (DatagramChannel r = p.openDatagramChannel(StandardProtocolFamily.UNIX).bind(ra);
             DatagramChannel s = p.openDatagramChannel(StandardProtocolFamily.UNIX).bind(sa)) {
            s.configureBlocking(false);
            int queued = 0;
            while (s.send(datagram(queued), ra) > 0) {
                queued++;
            }
            s.configureBlocking(true);
            int last = queued;
            int sent = underSignals(name, "send", WRITE_CALLS, () -> s.send(datagram(last), ra), () -> {
                ByteBuffer b = ByteBuffer.allocate(512);
                for (int i = 0; i < last; i++) {
                    assertEquals(sa, r.receive(b.clear()));
                    assertEquals(datagram(i), b.flip(), "datagram " + i);
                }
            });
            assertEquals(300, sent, "bytes sent");
            ByteBuffer b = ByteBuffer.allocate(512);
            assertEquals(sa, r.receive(b));
            assertEquals(datagram(last), b.flip(), "the datagram sent under signals");
        } finally {
            Files.deleteIfExists(dir.resolve("r"));
            Files.deleteIfExists(dir.resolve("s"));
            Files.deleteIfExists(dir);
        }
    }

    private static ByteBuffer datagram(int i) {
        ByteBuffer b = pattern(i * 1000L, 300);
        b.putInt(0, i);
        return b;
    }

    /** select() under signals returns only for the real event, with exactly that key. */
    @ParameterizedTest
    @ValueSource(strings = {"jdk", "wsnio"})
    void selectUntilEvent(String name) throws Exception {
        SelectorProvider p = provider(name);
        Pipe pipe = p.openPipe();
        try (Selector sel = p.openSelector(); Pipe.SourceChannel src = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            SelectionKey key = src.configureBlocking(false).register(sel, SelectionKey.OP_READ);
            int n = underSignals(name, "select", SELECT_CALLS, sel::select, () -> sink.write(ByteBuffer.wrap(new byte[] {1})));
            assertEquals(1, n, "select's count");
            assertEquals(1, sel.selectedKeys().size());
            assertTrue(sel.selectedKeys().contains(key));
            assertTrue(key.isReadable());
        }
    }

    /**
     * The same with SA_RESTART, as the JVM's own handlers are installed: the kernel never restarts
     * epoll_wait, so it still fails with EINTR, and the selector must still wait on.
     */
    @ParameterizedTest
    @ValueSource(strings = {"jdk", "wsnio"})
    void selectUntilEventWithSaRestart(String name) throws Exception {
        SelectorProvider p = provider(name);
        Pipe pipe = p.openPipe();
        try (Selector sel = p.openSelector(); Pipe.SourceChannel src = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            SelectionKey key = src.configureBlocking(false).register(sel, SelectionKey.OP_READ);
            int n = underSignals(name, "select-sa-restart", SELECT_CALLS, restartSigno, new TreeMap<>(), sel::select,
                    task -> sink.write(ByteBuffer.wrap(new byte[] {1})));
            assertEquals(1, n, "select's count");
            assertEquals(Set.of(key), sel.selectedKeys());
        }
    }

    /** select() under signals returns only for wakeup(). */
    @ParameterizedTest
    @ValueSource(strings = {"jdk", "wsnio"})
    void selectUntilWakeup(String name) throws Exception {
        SelectorProvider p = provider(name);
        Pipe pipe = p.openPipe();
        try (Selector sel = p.openSelector(); Pipe.SourceChannel src = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            src.configureBlocking(false).register(sel, SelectionKey.OP_READ);
            int n = underSignals(name, "select-wakeup", SELECT_CALLS, sel::select, sel::wakeup);
            assertEquals(0, n, "select's count after wakeup");
            assertTrue(sel.selectedKeys().isEmpty());
        }
    }

    /** select(timeout) under signals returns 0 no earlier than its time-out. */
    @ParameterizedTest
    @ValueSource(strings = {"jdk", "wsnio"})
    void selectWithTimeout(String name) throws Exception {
        SelectorProvider p = provider(name);
        long timeout = 2500;
        Pipe pipe = p.openPipe();
        try (Selector sel = p.openSelector(); Pipe.SourceChannel src = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            src.configureBlocking(false).register(sel, SelectionKey.OP_READ);
            long[] elapsed = new long[1];
            int n = underSignals(name, "select-timeout", SELECT_CALLS, () -> {
                long t0 = System.nanoTime();
                int r = sel.select(timeout);
                elapsed[0] = System.nanoTime() - t0;
                return r;
            }, () -> { });
            assertEquals(0, n, "select's count at its time-out");
            assertTrue(elapsed[0] >= TimeUnit.MILLISECONDS.toNanos(timeout - 2),
                    "select(" + timeout + ") returned after " + elapsed[0] / 1_000_000 + " ms");
        }
    }

    /** Socket-adaptor read with SO_TIMEOUT: signals neither end the wait early nor make it endless. */
    @ParameterizedTest
    @ValueSource(strings = {"jdk", "wsnio"})
    void adaptorReadTimeout(String name) throws Exception {
        SelectorProvider p = provider(name);
        int timeout = 2500;
        try (ServerSocketChannel l = p.openServerSocketChannel().bind(new InetSocketAddress(LOOPBACK4, 0));
             SocketChannel c = p.openSocketChannel()) {
            c.connect(l.getLocalAddress());
            try (SocketChannel peer = l.accept()) {
                Socket s = c.socket();
                s.setSoTimeout(timeout);
                InputStream in = s.getInputStream();
                long[] elapsed = new long[1];
                String outcome = underSignals(name, "adaptor-read-timeout", POLL_CALLS, () -> {
                    long t0 = System.nanoTime();
                    try {
                        return "read " + in.read();
                    } catch (SocketTimeoutException e) {
                        return "timed out";
                    } finally {
                        elapsed[0] = System.nanoTime() - t0;
                    }
                }, () -> { });
                assertEquals("timed out", outcome);
                assertTrue(elapsed[0] >= TimeUnit.MILLISECONDS.toNanos(timeout - 2),
                        "timed out after " + elapsed[0] / 1_000_000 + " ms, SO_TIMEOUT " + timeout);
                // and a read with the time-out still gets data that does arrive
                peer.write(ByteBuffer.wrap(new byte[] {9}));
                assertEquals(9, in.read());
            }
        }
    }

    /** ServerSocket adaptor accept with SO_TIMEOUT under signals: times out on time. */
    @ParameterizedTest
    @ValueSource(strings = {"jdk", "wsnio"})
    void adaptorAcceptTimeout(String name) throws Exception {
        SelectorProvider p = provider(name);
        int timeout = 2500;
        try (ServerSocketChannel l = p.openServerSocketChannel().bind(new InetSocketAddress(LOOPBACK4, 0))) {
            ServerSocket ss = l.socket();
            ss.setSoTimeout(timeout);
            long[] elapsed = new long[1];
            String outcome = underSignals(name, "adaptor-accept-timeout", POLL_CALLS, () -> {
                long t0 = System.nanoTime();
                try (Socket a = ss.accept()) {
                    return "accepted " + a;
                } catch (SocketTimeoutException e) {
                    return "timed out";
                } finally {
                    elapsed[0] = System.nanoTime() - t0;
                }
            }, () -> { });
            assertEquals("timed out", outcome);
            assertTrue(elapsed[0] >= TimeUnit.MILLISECONDS.toNanos(timeout - 2),
                    "timed out after " + elapsed[0] / 1_000_000 + " ms, SO_TIMEOUT " + timeout);
        }
    }

    interface Release {
        void run() throws Exception;
    }

    interface TaskRelease {
        void run(FutureTask<?> task) throws Exception;
    }

    private <T> T underSignals(String provider, String op, int[] syscalls, Callable<T> call, Release release)
            throws Exception {
        return underSignals(provider, op, syscalls, signo, new TreeMap<>(), call, task -> release.run());
    }

    /**
     * Runs {@code call} on a thread of its own and signals that thread {@link #SIGNALS} times, each
     * time only while /proc shows it inside one of {@code syscalls} and each signal counted by the
     * handler as having made a system call return EINTR; checks the call is still blocked, runs
     * {@code release} (the real event) and returns the call's result. {@code where} gets, per
     * system call number, how many signals were sent while the thread was in it.
     */
    private <T> T underSignals(String provider, String op, int[] syscalls, int signal, Map<Integer, Integer> where,
            Callable<T> call, TaskRelease release) throws Exception {
        AtomicInteger tid = new AtomicInteger();
        FutureTask<T> task = new FutureTask<>(() -> {
            tid.set(shim.wsnio_sig_gettid());
            return call.call();
        });
        Thread t = new Thread(task, "signals-" + op);
        t.setDaemon(true);
        long delivered0 = shim.wsnio_sig_count(SignalShim.DELIVERED);
        long eintr0 = shim.wsnio_sig_count(SignalShim.EINTR);
        long other0 = shim.wsnio_sig_count(SignalShim.OTHER_SYSCALL);
        t.start();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(30);
        int sent = 0;
        String last = "?";
        while (shim.wsnio_sig_count(SignalShim.EINTR) - eintr0 < SIGNALS) {
            if (task.isDone()) {
                fail(provider + " " + op + " returned before the real event, after " + sent + " signals: "
                        + outcome(task));
            }
            if (System.nanoTime() > deadline) {
                fail(provider + " " + op + ": only " + (shim.wsnio_sig_count(SignalShim.EINTR) - eintr0)
                        + " of " + sent + " signals interrupted a system call in 30 s; last /proc syscall: " + last);
            }
            int id = tid.get();
            if (id != 0) {
                last = syscallLine(id);
                int nr = syscallNumber(last);
                if (Arrays.stream(syscalls).anyMatch(s -> s == nr)) {
                    int rc = shim.wsnio_sig_send(id, signal);
                    assertEquals(0, rc, "tgkill");
                    sent++;
                    where.merge(nr, 1, Integer::sum);
                    // wait for the handler before looking again
                    long d = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    while (shim.wsnio_sig_count(SignalShim.DELIVERED) - delivered0 < sent && System.nanoTime() < d) {
                        Thread.onSpinWait();
                    }
                }
            }
            LockSupport.parkNanos(100_000);
        }
        long signalled = System.nanoTime() - start;
        // still inside the operation: no EINTR surfaced, no spurious return
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        assertFalse(task.isDone(), () -> provider + " " + op + " returned before the real event: " + outcome(task));
        release.run(task);
        T result;
        try {
            result = task.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(provider + " " + op + " failed under signals: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            t.interrupt();
            throw new AssertionError(provider + " " + op + " did not complete within 30 s of its event", e);
        }
        long delivered = shim.wsnio_sig_count(SignalShim.DELIVERED) - delivered0;
        long eintr = shim.wsnio_sig_count(SignalShim.EINTR) - eintr0;
        long other = shim.wsnio_sig_count(SignalShim.OTHER_SYSCALL) - other0;
        System.out.printf("[reliability] signals %s %s: %d sent in %d ms, %d delivered, %d made a system call"
                + " return EINTR, %d found another result; sent while in syscall %s%n", provider, op, sent,
                signalled / 1_000_000, delivered, eintr, other, where);
        assertEquals(sent, delivered, "every signal sent was delivered");
        assertTrue(eintr >= SIGNALS, "signals that interrupted a system call: " + eintr);
        return result;
    }

    private static String outcome(FutureTask<?> task) {
        try {
            return "result " + task.get();
        } catch (ExecutionException e) {
            return "exception " + e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** /proc/self/task/TID/syscall: "NR args... sp pc" while blocked in a call, "running", or "-1 sp pc". */
    private static String syscallLine(int tid) {
        try {
            return Files.readString(Path.of("/proc/self/task/" + tid + "/syscall")).trim();
        } catch (IOException e) {
            return "unreadable: " + e;
        }
    }

    private static int syscallNumber(String line) {
        int sp = line.indexOf(' ');
        try {
            return Integer.parseInt(sp < 0 ? line : line.substring(0, sp));
        } catch (NumberFormatException e) {
            return -2;
        }
    }
}

package io.wsnio.spi.reliability;

import static io.wsnio.spi.TestNet.LOOPBACK4;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.wsnio.SocketSpec;
import io.wsnio.WsnioSelectorProvider;
import io.wsnio.spi.Providers;

/**
 * Hostile input, property-based: {@value #TRIES} tries for each of 8 properties, over 100,000
 * generated cases per run, drawn by our own seeded generator ({@link Gen}; seed from
 * {@code -Dwsnio.hostile.seed}, printed with the failing case's values in every failure). Every case must end in a correct result or a specific Java
 * exception from an allowed set, never an {@link Error} (a JVM crash ends the fork and fails the
 * run), an unexpected runtime exception, or a hang: every case runs on a worker thread with a
 * 10 s bound. Channels are non-blocking, so no case waits on the network.
 */
class HostileInputPropertiesTest {

    static final int TRIES = 12_500;
    private static final long BOUND_SECONDS = 10;

    private static ExecutorService worker;
    private static WsnioSelectorProvider wsnio;
    private static SelectorProvider jdk;
    /** wsnio client, JDK peer (blocking), for the buffer properties. */
    private static SocketChannel client;
    private static SocketChannel peer;
    private static final byte[] PATTERN = new byte[1 << 16];

    @BeforeAll
    static void setUp() throws IOException {
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hostile-input");
            t.setDaemon(true);
            return t;
        });
        wsnio = (WsnioSelectorProvider) Providers.wsnio();
        jdk = Providers.jdk();
        try (ServerSocketChannel l = jdk.openServerSocketChannel()) {
            l.bind(new InetSocketAddress(LOOPBACK4, 0));
            client = wsnio.openSocketChannel();
            client.connect(l.getLocalAddress());
            peer = l.accept();
        }
        client.configureBlocking(false);
        for (int i = 0; i < PATTERN.length; i++) {
            PATTERN[i] = (byte) (i * 31 + 7);
        }
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (client != null) {
            client.close();
            peer.close();
        }
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    /** Runs {@code body} bounded; rethrows its exception, fails if it hangs. */
    private static <T> T bounded(String what, Callable<T> body) throws Exception {
        Future<T> f = worker.submit(body);
        try {
            return f.get(BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError(what + " did not return within " + BOUND_SECONDS + " s (hang)");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof Exception ex) {
                throw ex;
            }
            throw new AssertionError(what + " threw an Error: " + c, c);
        }
    }

    /** Fails unless {@code t} is one of the allowed kinds. */
    @SafeVarargs
    @SuppressWarnings("varargs")
    private static void allowed(String what, Throwable t, Class<? extends Throwable>... kinds) {
        for (Class<? extends Throwable> k : kinds) {
            if (k.isInstance(t)) {
                return;
            }
        }
        throw new AssertionError(what + " threw " + t + ", which is none of " + Arrays.toString(kinds), t);
    }

    /** One property: draws its values from {@code g}, noting each in {@code values}, then checks. */
    @FunctionalInterface
    private interface Property {
        void check(Gen g, List<String> values) throws Exception;
    }

    /** Runs {@code property} {@value #TRIES} times, each try on its own generator derived from the seed. */
    private static void forAll(String name, Property property) {
        forAll(name, TRIES, property);
    }

    /** {@link #forAll(String, Property)} with fewer tries, for properties whose try costs milliseconds. */
    private static void forAll(String name, int tries, Property property) {
        for (int i = 0; i < tries; i++) {
            Gen g = Gen.forCase(name, i);
            List<String> values = new ArrayList<>();
            try {
                property.check(g, values);
            } catch (Throwable t) {
                throw new AssertionError(name + " failed at try " + (i + 1) + " of " + tries + " with seed " + Gen.SEED
                        + " (rerun with -Dwsnio.hostile.seed=" + Gen.SEED + "), values " + values + ": " + t, t);
            }
        }
    }

    /** Notes {@code value} (as it is now, before the property uses it) and returns it. */
    private static <T> T note(List<String> values, String name, T value) {
        values.add(name + "=" + value);
        return value;
    }

    // ---------------------------------------------------------------- SocketSpec triples

    @Test
    void nativeTriplesOpenOrFailWithAnIoException() {
        forAll("nativeTriplesOpenOrFailWithAnIoException", (g, v) -> {
            int af = note(v, "af", families(g));
            int type = note(v, "type", types(g));
            int protocol = note(v, "protocol", protocols(g));
            int kind = note(v, "kind", kinds(g));
            nativeTriple(af, type, protocol, kind);
        });
    }

    private static void nativeTriple(int af, int type, int protocol, int kind) throws Exception {
        SocketSpec spec;
        try {
            spec = SocketSpec.nativeTriple(af, type, protocol);
        } catch (IllegalArgumentException e) {
            if (af >= 0 && type >= 0 && protocol >= 0) {
                throw new AssertionError("non-negative triple refused: " + e, e);
            }
            return;
        }
        openAndClose(spec, kind);
    }

    @Test
    void symbolicTriplesOpenOrFailWithAnIoException() {
        forAll("symbolicTriplesOpenOrFailWithAnIoException", (g, v) -> {
            SocketSpec.Family family = note(v, "family", g.oneOf(SocketSpec.Family.class));
            SocketSpec.Type type = note(v, "type", g.oneOf(SocketSpec.Type.class));
            SocketSpec.Protocol protocol = note(v, "protocol", g.oneOf(SocketSpec.Protocol.class));
            int kind = note(v, "kind", kinds(g));
            symbolicTriple(family, type, protocol, kind);
        });
    }

    private static void symbolicTriple(SocketSpec.Family family, SocketSpec.Type type, SocketSpec.Protocol protocol,
            int kind) throws Exception {
        SocketSpec spec;
        try {
            spec = SocketSpec.of(family, type, protocol);
        } catch (IllegalArgumentException e) {
            return; // a combination SocketSpec itself refuses
        }
        openAndClose(spec, kind);
    }

    private static void openAndClose(SocketSpec spec, int kind) throws Exception {
        try {
            bounded("open " + spec, () -> {
                NetworkChannel ch = switch (kind) {
                    case 0 -> wsnio.openSocketChannel(spec);
                    case 1 -> wsnio.openServerSocketChannel(spec);
                    default -> wsnio.openDatagramChannel(spec);
                };
                ch.close();
                return null;
            });
        } catch (Exception e) {
            allowed("open " + spec + " kind " + kind, e, IOException.class, IllegalArgumentException.class,
                    UnsupportedOperationException.class);
        }
    }

    private static int families(Gen g) {
        return g.frequency(
                Gen.weight(6, () -> g.between(-2, 50)),
                Gen.weight(1, g::anyInt));
    }

    private static int types(Gen g) {
        return g.frequency(
                Gen.weight(6, () -> g.between(-1, 12)),
                Gen.weight(1, () -> g.oneOfInts(0x80000 | 1, 0x800 | 2, 0x80800 | 5, Integer.MAX_VALUE)),
                Gen.weight(1, g::anyInt));
    }

    private static int protocols(Gen g) {
        return g.frequency(
                Gen.weight(6, () -> g.between(-1, 300)),
                Gen.weight(1, g::anyInt));
    }

    private static int kinds(Gen g) {
        return g.between(0, 2);
    }

    // ---------------------------------------------------------------- addresses

    private static final String HOST_CHARS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:";

    private static final SocketAddress FOREIGN = new SocketAddress() {
        private static final long serialVersionUID = 1L;

        @Override
        public String toString() {
            return "a foreign SocketAddress";
        }
    };

    private static final InetAddress MAPPED_LOOPBACK = byAddress(new byte[] {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1});

    /** Addresses of every family (seven kinds, uniformly), null 5% of the time. */
    private static SocketAddress addresses(Gen g) {
        if (g.chance(0.05)) {
            return null;
        }
        return switch (g.uniform(0, 6)) {
            case 0 -> new InetSocketAddress(LOOPBACK4, ports(g));
            case 1 -> new InetSocketAddress(ports(g));
            case 2 -> new InetSocketAddress(io.wsnio.spi.TestNet.LOOPBACK6, ports(g));
            case 3 -> new InetSocketAddress(MAPPED_LOOPBACK, ports(g));
            case 4 -> InetSocketAddress.createUnresolved(g.string(1, 40, HOST_CHARS), ports(g));
            case 5 -> UnixDomainSocketAddress.of("/tmp/" + "u".repeat(unixNameLength(g)));
            default -> FOREIGN;
        };
    }

    private static int ports(Gen g) {
        return g.between(0, 65535);
    }

    /** 0..300 characters after "/tmp/", paths of 107, 108 and 109 bytes (sun_path is 108) mixed in. */
    private static int unixNameLength(Gen g) {
        return g.chance(0.1) ? g.oneOfInts(102, 103, 104) : g.between(0, 300);
    }

    private static InetAddress byAddress(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void streamConnectAndBindTakeAnyAddress() {
        forAll("streamConnectAndBindTakeAnyAddress", (g, v) -> {
            SocketAddress to = note(v, "to", addresses(g));
            boolean bindFirst = note(v, "bindFirst", g.bool());
            boolean inet6 = note(v, "inet6", g.bool());
            streamConnectOrBind(to, bindFirst, inet6);
        });
    }

    private static void streamConnectOrBind(SocketAddress to, boolean bindFirst, boolean inet6) throws Exception {
        try {
            bounded("connect " + to, () -> {
                try (SocketChannel c = inet6 ? wsnio.openSocketChannel(java.net.StandardProtocolFamily.INET6)
                        : wsnio.openSocketChannel()) {
                    c.configureBlocking(false);
                    if (bindFirst) {
                        c.bind(to);
                    } else {
                        c.connect(to);
                    }
                }
                return null;
            });
        } catch (Exception e) {
            if (to == null && !bindFirst) {
                allowed("connect(null)", e, NullPointerException.class, IllegalArgumentException.class);
                return;
            }
            allowed((bindFirst ? "bind " : "connect ") + to, e, IOException.class, UnresolvedAddressException.class,
                    UnsupportedAddressTypeException.class, AlreadyBoundException.class);
        }
    }

    @Test
    void datagramSendBindConnectTakeAnyAddress() {
        forAll("datagramSendBindConnectTakeAnyAddress", (g, v) -> {
            SocketAddress to = note(v, "to", addresses(g));
            int op = note(v, "op", kinds(g));
            boolean inet6 = note(v, "inet6", g.bool());
            datagramOp(to, op, inet6);
        });
    }

    private static void datagramOp(SocketAddress to, int op, boolean inet6) throws Exception {
        try {
            bounded("datagram " + op + " " + to, () -> {
                try (DatagramChannel d = inet6 ? wsnio.openDatagramChannel(java.net.StandardProtocolFamily.INET6)
                        : wsnio.openDatagramChannel()) {
                    d.configureBlocking(false);
                    switch (op) {
                        case 0 -> d.bind(to);
                        case 1 -> d.connect(to);
                        default -> d.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), to);
                    }
                }
                return null;
            });
        } catch (Exception e) {
            if (to == null && op != 0) {
                allowed("datagram op " + op + " with null", e, NullPointerException.class,
                        IllegalArgumentException.class);
                return;
            }
            allowed("datagram op " + op + " " + to, e, IOException.class, UnresolvedAddressException.class,
                    UnsupportedAddressTypeException.class, AlreadyBoundException.class);
        }
    }

    // ---------------------------------------------------------------- options: same validation as the JDK

    private static int wildInts(Gen g) {
        return g.frequency(
                Gen.weight(3, () -> g.between(-2, 300)),
                Gen.weight(1, () -> g.oneOfInts(Integer.MIN_VALUE, Integer.MAX_VALUE, 65535, 65536, 1 << 20,
                        -1 << 20)),
                Gen.weight(1, g::anyInt));
    }

    private static final List<SocketOption<Integer>> INT_OPTIONS = List.of(StandardSocketOptions.SO_SNDBUF,
            StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_LINGER, StandardSocketOptions.IP_TOS,
            StandardSocketOptions.IP_MULTICAST_TTL);
    private static final List<SocketOption<Boolean>> BOOLEAN_OPTIONS = List.of(StandardSocketOptions.SO_KEEPALIVE,
            StandardSocketOptions.TCP_NODELAY, StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT,
            StandardSocketOptions.SO_BROADCAST, StandardSocketOptions.IP_MULTICAST_LOOP);

    @Test
    void optionsValidateLikeTheJdk() {
        forAll("optionsValidateLikeTheJdk", (g, v) -> {
            int kind = note(v, "kind", kinds(g));
            int value = note(v, "value", wildInts(g));
            int index = note(v, "index", optionIndex(g));
            optionValidation(kind, value, index);
        });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void optionValidation(int kind, int value, int index) throws Exception {
        SocketOption option = index < INT_OPTIONS.size() ? INT_OPTIONS.get(index)
                : BOOLEAN_OPTIONS.get(index - INT_OPTIONS.size());
        Object v = option.type() == Integer.class ? (Object) value : (Object) ((value & 1) == 1);
        String jdkOutcome = setOutcome(jdk, kind, option, v);
        String wsOutcome = bounded("setOption " + option + " " + v, () -> setOutcome(wsnio, kind, option, v));
        if (wsOutcome.equals("set although unsupported")) {
            throw new AssertionError("setOption(" + option + ") worked though supportedOptions() lacks it");
        }
        // where the JDK lacks the option wsnio may offer it (IP_TOS on a server channel):
        // then only "no crash, a specific answer" holds
        if (!jdkOutcome.equals("unsupported") && !jdkOutcome.equals(wsOutcome)) {
            throw new AssertionError("setOption(" + option + ", " + v + ") on kind " + kind + ": JDK " + jdkOutcome
                    + ", wsnio " + wsOutcome);
        }
    }

    private static int optionIndex(Gen g) {
        return g.between(0, 10);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String setOutcome(SelectorProvider p, int kind, SocketOption option, Object v) throws IOException {
        try (NetworkChannel ch = kind == 0 ? p.openSocketChannel() : kind == 1 ? p.openServerSocketChannel()
                : p.openDatagramChannel()) {
            if (!ch.supportedOptions().contains(option)) {
                try {
                    ch.setOption(option, v);
                    return "set although unsupported";
                } catch (UnsupportedOperationException e) {
                    return "unsupported";
                }
            }
            try {
                ch.setOption(option, v);
                return "ok";
            } catch (IllegalArgumentException e) {
                return "IllegalArgumentException";
            } catch (IOException e) {
                return "IOException";
            }
        }
    }

    // ---------------------------------------------------------------- buffers

    /** A buffer of any kind with any valid position and limit; read-only ones included. */
    private static ByteBuffer buffers(Gen g) {
        int kind = g.between(0, 5);
        int cap = g.between(0, 4096);
        int a = g.between(0, 4096);
        int b = g.between(0, 4096);
        int off = g.between(0, 64);
        ByteBuffer base = switch (kind) {
            case 0, 2, 4 -> ByteBuffer.allocate(cap + off);
            default -> ByteBuffer.allocateDirect(cap + off);
        };
        base.put(PATTERN, 0, cap + off).clear();
        ByteBuffer buf = kind >= 4 ? base.position(off).slice() : base.limit(cap);
        int lim = Math.min(Math.max(a, b), buf.capacity());
        int pos = Math.min(Math.min(a, b), lim);
        buf.limit(lim).position(pos);
        return kind == 2 || kind == 3 ? buf.asReadOnlyBuffer() : buf;
    }

    /** A buffer's kind and state, for a failure message. */
    private static String describe(ByteBuffer b) {
        return b == null ? "null" : b + (b.isDirect() ? " direct" : " heap") + (b.isReadOnly() ? " read-only" : "");
    }

    @Test
    void writeSendsExactlyTheRemainingBytes() {
        forAll("writeSendsExactlyTheRemainingBytes", (g, v) -> {
            ByteBuffer src = buffers(g);
            note(v, "src", describe(src));
            writeRemaining(src);
        });
    }

    private static void writeRemaining(ByteBuffer src) throws Exception {
        int pos = src.position();
        int rem = src.remaining();
        byte[] expected = new byte[rem];
        src.duplicate().get(expected);
        int n = bounded("write " + src, () -> client.write(src));
        if (n != rem || src.position() != pos + n) {
            throw new AssertionError("write of " + rem + " bytes from " + src + " returned " + n);
        }
        byte[] got = io.wsnio.spi.TestNet.readFully(peer, n);
        if (!Arrays.equals(expected, got)) {
            throw new AssertionError("bytes differ after writing from " + src);
        }
    }

    @Test
    void readFillsExactlyTheRemainingSpace() {
        forAll("readFillsExactlyTheRemainingSpace", (g, v) -> {
            ByteBuffer dst = buffers(g);
            note(v, "dst", describe(dst));
            int sent = note(v, "sent", smallSizes(g));
            readRemaining(dst, sent);
        });
    }

    private static void readRemaining(ByteBuffer dst, int sent) throws Exception {
        if (sent > 0) {
            io.wsnio.spi.TestNet.writeFully(peer, ByteBuffer.wrap(PATTERN, 0, sent));
        }
        int pos = dst.position();
        int left = sent;
        if (dst.isReadOnly()) {
            try {
                int n = bounded("read into read-only", () -> client.read(dst));
                // the JDK throws even when the buffer has no space left; wsnio returns 0 then
                // (reported in issue 8's findings), so only a read-only buffer with space must throw
                if (dst.hasRemaining() || n != 0) {
                    throw new AssertionError("read into a read-only buffer " + dst + " returned " + n);
                }
            } catch (IllegalArgumentException expected) {
                // the JDK's answer
            }
        } else {
            int want = Math.min(sent, dst.remaining());
            int got = 0;
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (got < want) {
                int n = bounded("read " + dst, () -> client.read(dst));
                if (n < 0 || System.nanoTime() > deadline) {
                    throw new AssertionError("read " + n + " after " + got + " of " + want + " into " + dst);
                }
                got += n;
            }
            left = sent - want;
            if (dst.position() != pos + want) {
                throw new AssertionError("position " + dst.position() + " after reading " + want + " at " + pos);
            }
            for (int i = 0; i < want; i++) {
                if (dst.get(pos + i) != PATTERN[i]) {
                    throw new AssertionError("byte " + i + " differs after a read into " + dst);
                }
            }
        }
        drain(left);
    }

    /** Reads and drops exactly {@code n} bytes the peer sent and the try did not read. */
    private static void drain(int n) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(Math.max(1, n));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (b.position() < n) {
            if (client.read(b) < 0 || System.nanoTime() > deadline) {
                throw new AssertionError("could not drain " + n + " bytes");
            }
        }
    }

    private static int smallSizes(Gen g) {
        return g.between(0, 3000);
    }

    // ---------------------------------------------------------------- scatter/gather

    private static int offsetsAndLengths(Gen g) {
        return g.frequency(
                Gen.weight(4, () -> g.between(-1, 9)),
                Gen.weight(1, () -> g.oneOfInts(Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE - 1,
                        1 << 30, 1025, 1024)),
                Gen.weight(1, g::anyInt));
    }

    @Test
    void scatterGatherCheckBoundsNullsAndReadOnly() {
        forAll("scatterGatherCheckBoundsNullsAndReadOnly", (g, v) -> {
            List<ByteBuffer> list = bufferArrays(g);
            List<String> described = new ArrayList<>(list.size());
            for (ByteBuffer b : list) {
                described.add(describe(b));
            }
            note(v, "list", described);
            int offset = note(v, "offset", offsetsAndLengths(g));
            int length = note(v, "length", offsetsAndLengths(g));
            boolean gather = note(v, "gather", g.bool());
            scatterGather(list, offset, length, gather);
        });
    }

    private static void scatterGather(List<ByteBuffer> list, int offset, int length, boolean gather)
            throws Exception {
        ByteBuffer[] bufs = list.toArray(new ByteBuffer[0]);
        boolean badRange = offset < 0 || length < 0 || offset > bufs.length - length;
        boolean hasNull = false;
        boolean hasReadOnly = false;
        long remaining = 0;
        if (!badRange) {
            for (int i = offset; i < offset + length; i++) {
                hasNull |= bufs[i] == null;
                if (bufs[i] != null) {
                    hasReadOnly |= bufs[i].isReadOnly();
                    remaining += bufs[i].remaining();
                }
            }
        }
        long expectedWritten = remaining;
        try {
            long n = bounded((gather ? "gather " : "scatter ") + offset + "+" + length + " of " + bufs.length, () ->
                    gather ? client.write(bufs, offset, length) : client.read(bufs, offset, length));
            // the JDK rejects a read-only buffer anywhere in a scatter's range up front; wsnio
            // returns 0 when there is nothing to read (reported in issue 8's findings)
            if (badRange || hasNull || (!gather && hasReadOnly && n != 0)) {
                throw new AssertionError("returned " + n + " for a bad call: range " + offset + "+" + length + " of "
                        + bufs.length + ", null " + hasNull + ", read-only " + hasReadOnly);
            }
            if (gather) {
                if (n != expectedWritten) {
                    throw new AssertionError("gathering write of " + expectedWritten + " returned " + n);
                }
                io.wsnio.spi.TestNet.readFully(peer, (int) n);
            } else if (n != 0) {
                throw new AssertionError("scattering read with nothing sent returned " + n);
            }
        } catch (IndexOutOfBoundsException e) {
            if (!badRange) {
                throw new AssertionError("IndexOutOfBoundsException for a valid range " + offset + "+" + length + " of "
                        + bufs.length, e);
            }
        } catch (NullPointerException e) {
            if (badRange || !hasNull) {
                throw new AssertionError("NullPointerException without a null in range", e);
            }
        } catch (IllegalArgumentException e) {
            if (badRange || gather || !hasReadOnly) {
                throw new AssertionError("IllegalArgumentException without a read-only buffer in a scatter", e);
            }
        }
    }

    /** 0..9 buffers, each with at most 256 bytes remaining, null 10% of the time. */
    private static List<ByteBuffer> bufferArrays(Gen g) {
        int size = g.between(0, 9);
        List<ByteBuffer> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(g.orNull(0.1, () -> {
                ByteBuffer b = buffers(g);
                return b.limit(Math.min(b.limit(), b.position() + 256)).duplicate();
            }));
        }
        return list;
    }

    // ---------------------------------------------------------------- issue 14: the native boundary

    /**
     * Buffers changed by a second thread during the call: 1-4 slices of 0-4 KiB (each inside a
     * larger direct buffer with canaries around it, see {@link BufferRace}) read, scatter-read,
     * written or gather-written on a wsnio pipe for 20 ms while another thread flips their limits
     * and positions. No canary changes, nothing but slice bytes comes out of the pipe, no native
     * error. 300 tries (each a 20 ms race).
     */
    @Test
    void buffersMutatedDuringTheCallStayInsideTheirSlices() throws IOException {
        java.nio.channels.Pipe pipe = wsnio.openPipe();
        try {
            pipe.source().configureBlocking(false);
            pipe.sink().configureBlocking(false);
            forAll("buffersMutatedDuringTheCallStayInsideTheirSlices", 300, (g, v) -> {
                int count = note(v, "slices", g.between(1, 4));
                int len = note(v, "sliceLength", g.between(0, 4096));
                String op = note(v, "op", g.oneOf("read", "scatter-read", "write", "gather-write"));
                BufferRace race = new BufferRace(count, len);
                boolean reading = op.endsWith("read");
                if (reading) { // something to read: payload bytes, as much as the pipe takes
                    ByteBuffer fill = ByteBuffer.allocate(65536);
                    while (fill.hasRemaining()) {
                        fill.put(BufferRace.PAYLOAD);
                    }
                    pipe.sink().write(fill.flip());
                }
                race.run(op, java.time.Duration.ofMillis(20), slices -> {
                    switch (op) {
                        case "read" -> pipe.source().read(slices[0]);
                        case "scatter-read" -> pipe.source().read(slices);
                        case "write" -> pipe.sink().write(slices[0]);
                        default -> pipe.sink().write(slices);
                    }
                });
                ByteBuffer out = ByteBuffer.allocate(65536);
                int n;
                while ((n = pipe.source().read(out.clear())) > 0) {
                    for (int i = 0; !reading && i < n; i++) {
                        if (!BufferRace.isPayload(out.get(i))) {
                            throw new AssertionError("a " + op + " sent byte 0x" + Integer.toHexString(out.get(i) & 0xff)
                                    + " from outside its slices");
                        }
                    }
                }
            });
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    /**
     * SEQPACKET writes, single and gathering, of 1 to 400 buffers (heap, direct, mixed) holding up
     * to 300,000 bytes (more than the 256 KiB staging buffer and than one call's 224 iovecs): each
     * write is one record of exactly its bytes, read whole by a scattering read over the same
     * shapes of buffers. 200 tries.
     */
    @Test
    void seqpacketWritesAreOneRecordEach(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"),
                "UNIX SEQPACKET sockets are Linux's here (the triples suite runs them)");
        try (ServerSocketChannel server = wsnio.openServerSocketChannel(SocketSpec.UNIX_SEQPACKET)) {
            server.bind(java.net.UnixDomainSocketAddress.of(dir.resolve("seq")));
            try (SocketChannel a = wsnio.openSocketChannel(SocketSpec.UNIX_SEQPACKET)) {
                a.connect(server.getLocalAddress());
                try (SocketChannel b = server.accept()) {
                    a.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 1 << 20);
                    int max = Math.min(300_000, a.getOption(java.net.StandardSocketOptions.SO_SNDBUF) - 32);
                    b.configureBlocking(false);
                    forAll("seqpacketWritesAreOneRecordEach", 200, (g, v) -> {
                        int count = note(v, "buffers", g.frequency(Gen.weight(3, () -> g.between(1, 8)),
                                Gen.weight(1, () -> g.between(200, 400))));
                        int total = note(v, "bytes", g.between(count, count == 1 || g.bool() ? max : Math.min(max, count * 64)));
                        String kind = note(v, "kind", g.oneOf("heap", "direct", "mixed"));
                        ByteBuffer[] bufs = new ByteBuffer[count];
                        ByteBuffer[] dsts = new ByteBuffer[count];
                        int k = 0;
                        for (int i = 0; i < count; i++) {
                            int len = total / count + (i < total % count ? 1 : 0);
                            boolean direct = kind.equals("direct") || (kind.equals("mixed") && g.bool());
                            bufs[i] = direct ? ByteBuffer.allocateDirect(len) : ByteBuffer.allocate(len);
                            dsts[i] = direct ? ByteBuffer.allocate(len) : ByteBuffer.allocateDirect(len);
                            for (int j = 0; j < len; j++) {
                                bufs[i].put(j, (byte) (k++ * 31 + 7));
                            }
                        }
                        long written = count == 1 && g.bool() ? a.write(bufs[0]) : a.write(bufs);
                        if (written != total) {
                            throw new AssertionError("a blocking write of " + total + " bytes returned " + written);
                        }
                        long got = b.read(dsts);
                        if (got != total) {
                            throw new AssertionError("the record read holds " + got + " of the " + total + " bytes written");
                        }
                        long more = b.read(ByteBuffer.allocate(16));
                        if (more != 0) {
                            throw new AssertionError("a second record of " + more + " bytes followed the write");
                        }
                        k = 0;
                        for (ByteBuffer d : dsts) {
                            for (int j = 0; j < d.limit(); j++, k++) {
                                if (d.get(j) != (byte) (k * 31 + 7)) {
                                    throw new AssertionError("byte " + k + " of the record differs");
                                }
                            }
                        }
                    });
                }
            }
        }
    }

    /**
     * UNIX-domain paths with non-ASCII characters (bound and connected to, in this JVM's
     * sun.jnu.encoding): wsnio's listener reports the path it was given, and a JDK client reaches it
     * (the JDK encodes the path the same way, or the connect would find no socket). Skipped where
     * the encoding cannot represent non-ASCII names.
     */
    @Test
    void nonAsciiUnixPathsBindAndConnectLikeTheJdk(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        org.junit.jupiter.api.Assumptions.assumeFalse(System.getProperty("os.name").startsWith("Windows"),
                "Windows UNIX sockets are tested by the contract suites");
        java.nio.charset.Charset jnu = java.nio.charset.Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        org.junit.jupiter.api.Assumptions.assumeTrue(jnu.newEncoder().canEncode("\u00e9\u4e2d"),
                "sun.jnu.encoding " + jnu + " cannot represent non-ASCII file names");
        forAll("nonAsciiUnixPathsBindAndConnectLikeTheJdk", 300, (g, v) -> {
            StringBuilder name = new StringBuilder();
            int chars = g.between(1, 20);
            while (name.length() < chars) {
                int cp = g.frequency(
                        Gen.weight(2, () -> g.uniform(0x20, 0x7e)),
                        Gen.weight(2, () -> g.uniform(0xa0, 0x7ff)),
                        Gen.weight(2, () -> g.uniform(0x800, 0xd7ff)),
                        Gen.weight(1, () -> g.uniform(0x10000, 0x1f64f)));
                if (cp != '/' && Character.isDefined(cp)) {
                    name.appendCodePoint(cp);
                }
            }
            java.nio.file.Path path = dir.resolve(note(v, "name", name.toString()));
            java.net.UnixDomainSocketAddress address = java.net.UnixDomainSocketAddress.of(path);
            byte[] encoded = path.toString().getBytes(jnu);
            try (ServerSocketChannel l = wsnio.openServerSocketChannel(java.net.StandardProtocolFamily.UNIX)) {
                try {
                    l.bind(address);
                } catch (java.net.SocketException e) {
                    if (encoded.length >= 108) {
                        return; // longer than sun_path: refused, as the JDK refuses it
                    }
                    throw e;
                }
                if (!address.equals(l.getLocalAddress())) {
                    throw new AssertionError("bound " + address + ", reports " + l.getLocalAddress());
                }
                try (SocketChannel c = jdk.openSocketChannel(java.net.StandardProtocolFamily.UNIX)) {
                    c.connect(address);
                    try (SocketChannel a = l.accept()) {
                        if (!address.equals(c.getRemoteAddress())) {
                            throw new AssertionError("the JDK client reached " + c.getRemoteAddress());
                        }
                    }
                }
            } finally {
                java.nio.file.Files.deleteIfExists(path);
            }
        });
    }

    /**
     * A gathering write over 1,024 references to one 4 MiB heap buffer: their remaining bytes sum
     * to 2^32, which an int sum wraps to 0 (the staging buffer was then null). The write sends a
     * prefix and moves positions by it. wsnio only: the JDK stages every heap entry in its own
     * temporary direct buffer, 4 GiB here.
     */
    @Test
    void aGatheringWriteWhoseHeapBytesSumTo4GiB() throws Exception {
        ByteBuffer big = ByteBuffer.allocate(4 << 20);
        ByteBuffer[] srcs = new ByteBuffer[1024];
        Arrays.fill(srcs, big);
        long n = bounded("gathering write of 4 GiB", () -> client.write(srcs));
        if (n < 0 || n > (4 << 20)) {
            throw new AssertionError("a gathering write returned " + n);
        }
        io.wsnio.spi.TestNet.readFully(peer, (int) n);
    }
}

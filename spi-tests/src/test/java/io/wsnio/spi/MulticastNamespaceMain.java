package io.wsnio.spi;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The child JVM of {@link MulticastNamespaceTest}, run inside a network namespace whose interface
 * (argument 2) carries two IPv4 and two IPv6 addresses. Exercises multicast on one provider
 * (argument 1: {@code jdk} or {@code wsnio}) for an IPv4 and an IPv6 group and prints one
 * {@code check <name> PASS|FAIL <what happened>} line per check; what happened is the same text on
 * a provider that behaves as the JDK does (no ports, no messages, only outcomes).
 */
public final class MulticastNamespaceMain {

    private static final long WAIT_NANOS = 1_000_000_000L;
    private static SelectorProvider provider;
    private static NetworkInterface nif;
    private static int failures;

    private MulticastNamespaceMain() {
    }

    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(20_000);
                System.out.println("watchdog: still running after 20 s");
                System.out.flush();
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException ignored) {
                // done
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        provider = args[0].equals("wsnio") ? new io.wsnio.WsnioSelectorProvider() : SelectorProvider.provider();
        System.out.println("provider=" + provider.getClass().getName());
        nif = byNameOrDisplayName(args[1]);
        step("v4", () -> family("v4", StandardProtocolFamily.INET, "239.77.1.1", "239.77.1.2", "10.77.0.1", "10.77.0.2"));
        step("v6", () -> family("v6", StandardProtocolFamily.INET6, "ff05::77:1", "ff05::77:2", "fd77::1", "fd77::2"));
        // an IPv6 socket joining an IPv4 group (the JDK allows it on Linux)
        step("mapped", MulticastNamespaceMain::mapped);
        System.out.println("failures=" + failures);
        System.out.flush();
        Runtime.getRuntime().halt(failures == 0 ? 0 : 2);
    }

    /** The interface named {@code name}; under Wine, whose names are eth0, eth1, ..., by its display name. */
    private static NetworkInterface byNameOrDisplayName(String name) throws IOException {
        NetworkInterface n = NetworkInterface.getByName(name);
        if (n == null) {
            for (NetworkInterface i : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (name.equals(i.getDisplayName())) {
                    n = i;
                }
            }
        }
        if (n == null) {
            throw new IllegalStateException("no interface " + name);
        }
        return n;
    }

    /** A step the platform may cut short (Wine refuses some joins): a check line says whether it completed. */
    private interface Step {
        void run() throws Exception;
    }

    private static void step(String name, Step body) {
        try {
            body.run();
            check(name + ".completed", true, "completed");
        } catch (Exception e) {
            // SocketException for both providers' native refusals (wsnio's is a subclass)
            String what = e instanceof java.net.SocketException ? "SocketException" : e.getClass().getSimpleName();
            check(name + ".completed", false, "threw " + what);
            e.printStackTrace(System.out);
        }
    }

    private static void check(String name, boolean pass, Object what) {
        if (!pass) {
            failures++;
        }
        System.out.println("check " + name + " " + (pass ? "PASS" : "FAIL") + " " + what);
    }

    /** The outcome of {@code c}: its value's text or the simple name of what it threw. */
    private static String outcome(Callable<?> c) {
        try {
            Object v = c.call();
            return "returned " + (v instanceof MembershipKey ? "key" : String.valueOf(v));
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    private static void expectThrows(String name, Class<? extends Exception> type, Callable<?> c) {
        String o = outcome(c);
        check(name, o.equals(type.getSimpleName()), o);
    }

    private static DatagramChannel sender(ProtocolFamily fam, InetAddress addr) throws IOException {
        DatagramChannel tx = provider.openDatagramChannel(fam);
        tx.bind(new InetSocketAddress(addr, 0));
        tx.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
        tx.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 3);
        tx.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
        return tx;
    }

    private static DatagramChannel receiver(ProtocolFamily fam, int port) throws IOException {
        DatagramChannel rx = provider.openDatagramChannel(fam);
        rx.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        rx.bind(new InetSocketAddress(port));
        rx.configureBlocking(false);
        return rx;
    }

    private static void send(DatagramChannel tx, String text, InetAddress group, int port) throws IOException {
        tx.send(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), new InetSocketAddress(group, port));
    }

    /**
     * What {@code rx} receives until {@code marker} arrives (or a second passes), then for 50 ms
     * more: "text@sender-address" entries in arrival order.
     */
    private static List<String> receive(DatagramChannel rx, String marker) throws Exception {
        List<String> got = new ArrayList<>();
        ByteBuffer dst = ByteBuffer.allocate(64);
        long deadline = System.nanoTime() + WAIT_NANOS;
        boolean seen = false;
        while (System.nanoTime() < deadline) {
            dst.clear();
            InetSocketAddress from = (InetSocketAddress) rx.receive(dst);
            if (from == null) {
                Thread.sleep(2);
                continue;
            }
            dst.flip();
            String text = StandardCharsets.US_ASCII.decode(dst).toString();
            got.add(text + "@" + from.getAddress().getHostAddress());
            if (text.equals(marker) && !seen) {
                seen = true;
                deadline = System.nanoTime() + 50_000_000L;
            }
        }
        return got;
    }

    private static void expectReceived(String name, DatagramChannel rx, String marker, List<String> expected)
            throws Exception {
        List<String> got = receive(rx, marker);
        check(name, got.equals(expected), "received " + got);
    }

    private static void family(String f, ProtocolFamily fam, String g, String g2, String a1, String a2)
            throws Exception {
        InetAddress group = InetAddress.getByName(g);
        InetAddress ssmGroup = InetAddress.getByName(g2);
        InetAddress src1 = InetAddress.getByName(a1);
        InetAddress src2 = InetAddress.getByName(a2);
        InetAddress otherFamily = InetAddress.getByName(fam == StandardProtocolFamily.INET ? "fd77::1" : "10.77.0.1");
        String s1 = src1.getHostAddress();
        String s2 = src2.getHostAddress();

        DatagramChannel probe = provider.openDatagramChannel(fam);
        check(f + ".defaults", true, "if=" + probe.getOption(StandardSocketOptions.IP_MULTICAST_IF)
                + " ttl=" + probe.getOption(StandardSocketOptions.IP_MULTICAST_TTL)
                + " loop=" + probe.getOption(StandardSocketOptions.IP_MULTICAST_LOOP));
        probe.close();

        DatagramChannel tx1 = sender(fam, src1);
        DatagramChannel tx2 = sender(fam, src2);
        NetworkInterface readIf = tx1.getOption(StandardSocketOptions.IP_MULTICAST_IF);
        int ttl = tx1.getOption(StandardSocketOptions.IP_MULTICAST_TTL);
        boolean loop = tx1.getOption(StandardSocketOptions.IP_MULTICAST_LOOP);
        check(f + ".options.readBack", nif.equals(readIf) && ttl == 3 && loop,
                "if=" + (readIf == null ? null : readIf.getName()) + " ttl=" + ttl + " loop=" + loop);

        DatagramChannel rx = receiver(fam, 0);
        int port = ((InetSocketAddress) rx.getLocalAddress()).getPort();
        // bound to the same port, never joined: JDK 17 turns IP_MULTICAST_ALL off (so it gets no IPv4
        // datagram of a group another socket joined) but not IPV6_MULTICAST_ALL; recorded, not judged
        DatagramChannel bystander = receiver(fam, port);

        MembershipKey key = rx.join(group, nif);
        check(f + ".join.anySource", key.isValid() && group.equals(key.group()) && nif.equals(key.networkInterface())
                && key.sourceAddress() == null && key.channel() == rx, "valid=" + key.isValid()
                + " source=" + key.sourceAddress());
        check(f + ".join.again", rx.join(group, nif) == key, "same key");

        send(tx1, "a1", group, port);
        expectReceived(f + ".receive", rx, "a1", List.of("a1@" + s1));
        check(f + ".notJoinedSocketOnSamePort", true, "received " + receive(bystander, "a1"));

        check(f + ".block", key.block(src1) == key, "returns the key");
        check(f + ".block.again", key.block(src1) == key, "returns the key");
        send(tx1, "b1", group, port);
        send(tx2, "b2", group, port);
        expectReceived(f + ".block.stopsSource", rx, "b2", List.of("b2@" + s2));

        expectThrows(f + ".unblock.notBlocked", IllegalStateException.class, () -> key.unblock(src2));
        expectThrows(f + ".block.multicastSource", IllegalArgumentException.class, () -> key.block(group));
        expectThrows(f + ".block.wildcardSource", IllegalArgumentException.class,
                () -> key.block(fam == StandardProtocolFamily.INET ? InetAddress.getByName("0.0.0.0")
                        : InetAddress.getByName("::")));
        expectThrows(f + ".block.otherFamilySource", IllegalArgumentException.class, () -> key.block(otherFamily));
        expectThrows(f + ".block.null", NullPointerException.class, () -> key.block(null));

        check(f + ".unblock", key.unblock(src1) == key, "returns the key");
        send(tx1, "c1", group, port);
        expectReceived(f + ".unblock.restoresSource", rx, "c1", List.of("c1@" + s1));
        expectThrows(f + ".unblock.again", IllegalStateException.class, () -> key.unblock(src1));

        expectThrows(f + ".join.sourceSpecificOverAnySource", IllegalStateException.class,
                () -> rx.join(group, nif, src1));
        expectThrows(f + ".join.notMulticast", IllegalArgumentException.class, () -> rx.join(src1, nif));
        expectThrows(f + ".join.sourceWildcard", IllegalArgumentException.class,
                () -> rx.join(ssmGroup, nif, fam == StandardProtocolFamily.INET ? InetAddress.getByName("0.0.0.0")
                        : InetAddress.getByName("::")));
        expectThrows(f + ".join.sourceMulticast", IllegalArgumentException.class,
                () -> rx.join(ssmGroup, nif, ssmGroup));
        expectThrows(f + ".join.sourceOtherFamily", IllegalArgumentException.class,
                () -> rx.join(ssmGroup, nif, otherFamily));
        expectThrows(f + ".join.nullSource", NullPointerException.class, () -> rx.join(ssmGroup, nif, null));
        expectThrows(f + ".join.nullGroup", NullPointerException.class, () -> rx.join(null, nif));
        expectThrows(f + ".join.nullInterface", NullPointerException.class, () -> rx.join(group, null));
        if (fam == StandardProtocolFamily.INET) {
            expectThrows(f + ".join.ipv6GroupOnIpv4Socket", IllegalArgumentException.class,
                    () -> rx.join(InetAddress.getByName("ff05::77:1"), nif));
        }

        key.block(src2);
        key.drop();
        check(f + ".drop", !key.isValid(), "valid=" + key.isValid());
        key.drop();
        check(f + ".drop.again", !key.isValid(), "no exception");
        send(tx1, "d1", group, port);
        send(tx2, "d2", group, port);
        expectReceived(f + ".drop.stopsReception", rx, "none", List.of());
        expectThrows(f + ".block.afterDrop", IllegalStateException.class, () -> key.block(src1));
        expectThrows(f + ".unblock.afterDrop", IllegalStateException.class, () -> key.unblock(src2));
        MembershipKey rejoined = rx.join(group, nif);
        check(f + ".rejoin.newKey", rejoined != key && rejoined.isValid(), "new valid key");
        send(tx2, "r2", group, port);
        expectReceived(f + ".rejoin.receives", rx, "r2", List.of("r2@" + s2));
        rx.close();
        check(f + ".close.invalidatesKey", !rejoined.isValid(), "valid=" + rejoined.isValid());
        bystander.close();

        // source-specific
        DatagramChannel ssm = receiver(fam, 0);
        int ssmPort = ((InetSocketAddress) ssm.getLocalAddress()).getPort();
        MembershipKey sk = ssm.join(ssmGroup, nif, src1);
        check(f + ".ssm.join", sk.isValid() && src1.equals(sk.sourceAddress()) && ssmGroup.equals(sk.group()),
                "source=" + sk.sourceAddress().getHostAddress());
        check(f + ".ssm.join.again", ssm.join(ssmGroup, nif, src1) == sk, "same key");
        send(tx2, "s2", ssmGroup, ssmPort);
        send(tx1, "s1", ssmGroup, ssmPort);
        expectReceived(f + ".ssm.onlyFromSource", ssm, "s1", List.of("s1@" + s1));
        expectThrows(f + ".ssm.block", IllegalStateException.class, () -> sk.block(src2));
        expectThrows(f + ".ssm.unblock", IllegalStateException.class, () -> sk.unblock(src2));
        expectThrows(f + ".ssm.anySourceOverSourceSpecific", IllegalStateException.class,
                () -> ssm.join(ssmGroup, nif));
        MembershipKey sk2 = ssm.join(ssmGroup, nif, src2);
        check(f + ".ssm.secondSource", sk2 != sk && sk2.isValid() && src2.equals(sk2.sourceAddress()),
                "source=" + sk2.sourceAddress().getHostAddress());
        send(tx1, "t1", ssmGroup, ssmPort);
        send(tx2, "t2", ssmGroup, ssmPort);
        expectReceived(f + ".ssm.bothSources", ssm, "t2", List.of("t1@" + s1, "t2@" + s2));
        sk.drop();
        check(f + ".ssm.drop", !sk.isValid() && sk2.isValid(), "first=" + sk.isValid() + " second=" + sk2.isValid());
        send(tx1, "u1", ssmGroup, ssmPort);
        send(tx2, "u2", ssmGroup, ssmPort);
        expectReceived(f + ".ssm.drop.stopsThatSource", ssm, "u2", List.of("u2@" + s2));
        sk2.drop();
        send(tx2, "v2", ssmGroup, ssmPort);
        expectReceived(f + ".ssm.dropAll.stopsReception", ssm, "none", List.of());
        ssm.close();
        tx1.close();
        tx2.close();
    }

    private static void mapped() throws Exception {
        String f = "v4onV6socket";
        InetAddress group = InetAddress.getByName("239.77.1.3");
        InetAddress src1 = InetAddress.getByName("10.77.0.1");
        InetAddress src2 = InetAddress.getByName("10.77.0.2");
        DatagramChannel tx1 = sender(StandardProtocolFamily.INET, src1);
        DatagramChannel tx2 = sender(StandardProtocolFamily.INET, src2);
        DatagramChannel rx = receiver(StandardProtocolFamily.INET6, 0);
        int port = ((InetSocketAddress) rx.getLocalAddress()).getPort();
        String joined = outcome(() -> rx.join(group, nif));
        check(f + ".join", true, joined);
        if (joined.equals("returned key")) {
            MembershipKey key = rx.join(group, nif);
            send(tx1, "a1", group, port);
            expectReceived(f + ".receive", rx, "a1", List.of("a1@" + src1.getHostAddress()));
            String blocked = outcome(() -> key.block(src1));
            check(f + ".block", true, blocked);
            if (blocked.equals("returned key")) {
                send(tx1, "b1", group, port);
                send(tx2, "b2", group, port);
                expectReceived(f + ".block.stopsSource", rx, "b2", List.of("b2@" + src2.getHostAddress()));
            }
            key.drop();
            send(tx1, "d1", group, port);
            expectReceived(f + ".drop.stopsReception", rx, "none", List.of());
        }
        check(f + ".ssm.join", true, outcome(() -> rx.join(InetAddress.getByName("239.77.1.4"), nif, src1)));
        rx.close();
        tx1.close();
        tx2.close();
    }
}

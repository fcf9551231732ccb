package io.wsnio.spi.frameworks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsnio.spi.frameworks.ForkedChild.Mode;
import io.wsnio.spi.frameworks.ForkedChild.Result;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real frameworks, unchanged, in forked JVMs with wsnio installed by the provider flag and by the
 * services jar alone: each program checks its exchange's content and prints wsnio's counters, and
 * each test asserts the exchange succeeded and that wsnio opened the framework's channels.
 */
class FrameworksOnWsnioTest {

    @BeforeAll
    static void onlyInThePosixLanes() {
        // the Windows (Wine) lane runs the JUnit launcher without surefire's jar properties or the
        // frameworks on its class path
        Assumptions.assumeFalse(System.getProperty("os.name").startsWith("Windows"),
                "forked-JVM framework tests run in the POSIX lanes");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void jdkHttpClientAgainstJdkHttpServer(Mode mode) throws Exception {
        Result r = ForkedChild.run("JdkHttpMain", mode, List.of(), "50").assertOk();
        assertEquals(50, r.number("responses"), r.output());
        r.assertCounted("sockets", "servers", "selectors");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void nettyEchoWithManyConnections(Mode mode) throws Exception {
        Result r = ForkedChild.run("NettyEchoMain", mode, List.of(), "20").assertOk();
        assertEquals(20, r.number("echoed"), r.output());
        r.assertCounted("servers", "selectors");
        // 20 client channels (accepted ones are not counted as opened)
        assertEquals(true, r.number("sockets") >= 20, "sockets=" + r.get("sockets") + "\n" + r.output());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void nettyHttpCodec(Mode mode) throws Exception {
        Result r = ForkedChild.run("NettyHttpMain", mode, List.of(), "10", "5").assertOk();
        assertEquals(50, r.number("responses"), r.output());
        r.assertCounted("sockets", "servers", "selectors");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void nettyUdp(Mode mode) throws Exception {
        Result r = ForkedChild.run("NettyUdpMain", mode, List.of(), "50").assertOk();
        assertEquals(50, r.number("answered"), r.output());
        assertEquals(true, r.number("datagrams") >= 2, "datagrams=" + r.get("datagrams") + "\n" + r.output());
        r.assertCounted("selectors");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void jettyServerAndHttpClient(Mode mode) throws Exception {
        Result r = ForkedChild.run("JettyMain", mode, List.of(), "40").assertOk();
        assertEquals(40, r.number("responses"), r.output());
        r.assertCounted("sockets", "servers", "selectors");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void jdkHttpServerOnVirtualThreadsWithSlowClients(Mode mode) throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+; this is "
                + Runtime.version());
        Result r = ForkedChild.run("VirtualHttpServerMain", mode, List.of("-Djdk.virtualThreadScheduler.parallelism=2"),
                "200").assertOk();
        assertEquals(200, r.number("responses"), r.output());
        r.assertCounted("sockets", "servers", "selectors");
        // 200 exchanges of 4 x 100 ms each, all at once: about 0.4 s when no wait holds a carrier
        assertEquals(true, Double.parseDouble(r.get("seconds")) < 10, "took " + r.get("seconds") + " s\n" + r.output());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void blockingStreamsAndSocketAdaptors(Mode mode) throws Exception {
        Result r = ForkedChild.run("BlockingStreamsMain", mode, List.of()).assertOk();
        assertEquals(8, r.number("exchanges"), r.output());
        r.assertCounted("sockets", "servers");
        assertEquals(true, r.get("serverSocketClass").startsWith("io.wsnio."), r.output());
    }
}

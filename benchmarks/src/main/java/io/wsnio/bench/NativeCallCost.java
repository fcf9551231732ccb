package io.wsnio.bench;

import io.wsnio.channels.NativeChannel;
import io.wsnio.nativeio.Backends;
import io.wsnio.nativeio.NativeNet;
import io.wsnio.nativeio.Readiness;
import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The price of one system call through each provider's native bridge, nothing else: one op is
 * {@code poll(fd, POLLIN, 0)} on an idle connected TCP socket. {@code jdk} calls the JDK's own JNI
 * method {@code sun.nio.ch.Net.poll(FileDescriptor, int, long)} (through a constant method handle,
 * which the JIT inlines to a direct call); {@code wsnio} calls the backend seam
 * {@code NativeNet.poll}: a JNA direct-mapped {@code poll} (JDK 17-21, or {@code -Dwsnio.posix.bridge=jna}),
 * or on JDK 22+ (a jar built by one) a java.lang.foreign downcall with errno capture. The kernel work is
 * identical, so the difference is the bridge: JNI versus JNA's generic (libffi) dispatch, or versus
 * the foreign linker's generated stub. This is the floor under every wsnio/jdk ratio of the latency
 * benchmarks: each read, write or select is one such call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(jvmArgsPrepend = {"--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.base/java.io=ALL-UNNAMED"})
public class NativeCallCost {

    private static final MethodHandle JDK_POLL = jdkPoll();

    @Param({"jdk", "wsnio"})
    String provider;

    private SocketChannel[] pair;
    private boolean jdk;
    private FileDescriptor fd;
    private NativeNet net;
    private long handle;

    private static MethodHandle jdkPoll() {
        try {
            Class<?> netClass = Class.forName("sun.nio.ch.Net");
            Method m = netClass.getDeclaredMethod("poll", FileDescriptor.class, int.class, long.class);
            m.setAccessible(true);
            return MethodHandles.lookup().unreflect(m)
                    .asType(MethodType.methodType(int.class, FileDescriptor.class, int.class, long.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // the jdk trial fails with the reason in setUp
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Throwable {
        SelectorProvider p = Providers.of(provider);
        pair = Net.tcpPair(p, true);
        jdk = provider.equals("jdk");
        if (jdk) {
            if (JDK_POLL == null) {
                throw new IllegalStateException("sun.nio.ch.Net.poll(FileDescriptor,int,long) is not reachable"
                        + " (needs --add-opens java.base/sun.nio.ch=ALL-UNNAMED)");
            }
            Method getFD = Class.forName("sun.nio.ch.SelChImpl").getMethod("getFD");
            getFD.setAccessible(true);
            fd = (FileDescriptor) getFD.invoke(pair[0]);
        } else {
            net = Backends.net();
            handle = ((NativeChannel) pair[0]).handle();
        }
        if (poll() != 0) {
            throw new IllegalStateException("the idle socket polled ready");
        }
    }

    @Setup(Level.Iteration)
    public void pin() {
        Affinity.pinMain();
    }

    @Benchmark
    public int poll() throws Throwable {
        return jdk ? (int) JDK_POLL.invokeExact(fd, (int) Readiness.IN, 0L) : net.poll(handle, Readiness.IN, 0);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (pair != null) {
            Net.closeAll(pair[0], pair[1]);
        }
    }
}

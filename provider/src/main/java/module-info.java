/**
 * wsnio: a {@link java.nio.channels.spi.SelectorProvider} whose channels are native sockets of
 * any (family, type, protocol) triple. Only {@code io.wsnio} is exported; the provider is found by
 * {@link java.util.ServiceLoader} (or {@code -Djava.nio.channels.spi.SelectorProvider}).
 */
module io.wsnio {
    requires com.sun.jna;             // native calls on JDK 17-21; on 22+ Winsock's default and -Dwsnio.posix.bridge=jna
    requires jdk.unsupported;         // sun.misc.Unsafe: a direct buffer's address without allocation
    requires static jdk.jfr;          // io.wsnio.SocketRead/SocketWrite events, when the runtime has JFR

    exports io.wsnio;

    provides java.nio.channels.spi.SelectorProvider with io.wsnio.WsnioSelectorProvider;
}

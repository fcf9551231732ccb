package io.wsnio.channels;

import io.wsnio.SocketSpec.Family;
import io.wsnio.nativeio.NativeNet;
import java.io.IOException;
import java.net.BindException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Binding a UNIX-domain listener as the JDK does: {@code bind(null)} binds to a new name
 * {@code socket_<random>} in the directory {@code jdk.net.unixdomain.tmpdir} names, else
 * {@code java.io.tmpdir}, trying ten names before it gives up; the empty (unnamed) path is refused.
 */
final class UnixAutoBind {
    private UnixAutoBind() { }

    private static final int ATTEMPTS = 10;

    /** Unpredictable names, so another user cannot take the next one first; made on first use. */
    private static final class Names {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    /** Binds a UNIX-domain listener's {@code handle} to {@code local}, or to a generated name when null. */
    static void bindServer(NativeNet net, long handle, UnixDomainSocketAddress local) throws IOException {
        if (local != null) {
            if (local.getPath().toString().isEmpty()) {
                throw new BindException("Server socket cannot bind to unnamed address");
            }
            net.bind(handle, Family.UNIX, local);
            return;
        }
        String dir = directory();
        for (int i = 0; i < ATTEMPTS; i++) {
            UnixDomainSocketAddress name;
            try {
                name = UnixDomainSocketAddress.of(Path.of(dir, "socket_" + Names.RANDOM.nextInt(Integer.MAX_VALUE)));
            } catch (InvalidPathException e) {
                throw new BindException("Invalid temporary directory for UNIX-domain sockets: " + dir);
            }
            try {
                net.bind(handle, Family.UNIX, name);
                return;
            } catch (BindException taken) {
                // another socket has this name: try the next one
            }
        }
        throw new BindException("Could not bind to a temporary name in " + dir + " (" + ATTEMPTS + " attempts)");
    }

    private static String directory() throws BindException {
        String d = System.getProperty("jdk.net.unixdomain.tmpdir");
        if (d == null || d.isEmpty()) {
            d = System.getProperty("java.io.tmpdir");
        }
        if (d == null || d.isEmpty()) {
            throw new BindException("Could not locate a temporary directory for UNIX-domain sockets"
                    + " (set jdk.net.unixdomain.tmpdir or java.io.tmpdir)");
        }
        return d;
    }
}

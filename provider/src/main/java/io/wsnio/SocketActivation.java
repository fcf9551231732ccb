package io.wsnio;

import java.io.IOException;
import java.nio.channels.Channel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * systemd's socket-activation protocol ({@code sd_listen_fds(3)}): the sockets a service manager
 * passed to this process as descriptors 3, 4, ... ({@code LISTEN_FDS} of them, meant for this
 * process when {@code LISTEN_PID} is its pid, named by {@code LISTEN_FDNAMES}), each as a wsnio
 * channel of whatever triple it is: a listening socket as a {@code ServerSocketChannel}, a
 * connected stream or seqpacket socket as a {@code SocketChannel}, a message socket (UDP,
 * UDP-Lite, raw, UNIX datagram, ...) as a {@code DatagramChannel}, bound and connected as it is.
 * Register them with a wsnio selector like any other wsnio channel.
 *
 * <p>The sockets are adopted once, on the first call; later calls return the same channels.
 * Java cannot unset the environment: a child process this JVM starts inherits the variables, and
 * {@code LISTEN_PID} keeps it from taking the sockets as its own. Where the platform does not
 * pass sockets as numbered descriptors (Windows) the list is empty.
 */
public final class SocketActivation {
    /** The first passed descriptor (SD_LISTEN_FDS_START). */
    public static final int FIRST_DESCRIPTOR = 3;
    private static final int MAX = 4096;

    private static List<Channel> channels;              // guarded by SocketActivation.class
    private static Map<String, List<Channel>> byName;   // guarded by SocketActivation.class

    private SocketActivation() {
    }

    /**
     * The passed sockets in descriptor order; empty when none were passed to this process.
     *
     * @throws IOException when {@code LISTEN_FDS} or {@code LISTEN_FDNAMES} is malformed, or a
     *         passed descriptor is not a socket wsnio can adopt (the message names it)
     */
    public static synchronized List<Channel> channels() throws IOException {
        if (channels == null) {
            adopt(System.getenv("LISTEN_PID"), System.getenv("LISTEN_FDS"), System.getenv("LISTEN_FDNAMES"));
        }
        return channels;
    }

    /** The passed sockets by their {@code LISTEN_FDNAMES} name ("unknown" for unnamed ones, as systemd). */
    public static synchronized Map<String, List<Channel>> named() throws IOException {
        channels();
        return byName;
    }

    private static void adopt(String pid, String fds, String names) throws IOException {
        List<Channel> list = new ArrayList<>();
        Map<String, List<Channel>> map = new LinkedHashMap<>();
        if (pid != null && fds != null && pid.trim().equals(Long.toString(ProcessHandle.current().pid()))) {
            int n;
            try {
                n = Integer.parseInt(fds.trim());
            } catch (NumberFormatException e) {
                throw new IOException("LISTEN_FDS is not a number: \"" + fds + "\"");
            }
            if (n < 0 || n > MAX) {
                throw new IOException("LISTEN_FDS=" + n + " is not in 0.." + MAX);
            }
            String[] name = names == null || names.isEmpty() ? new String[0] : names.split(":", -1);
            if (name.length != 0 && name.length != n) {
                throw new IOException("LISTEN_FDNAMES has " + name.length + " names for LISTEN_FDS=" + n);
            }
            WsnioSelectorProvider provider = new WsnioSelectorProvider();
            for (int i = 0; i < n; i++) {
                int fd = FIRST_DESCRIPTOR + i;
                Channel ch = provider.adoptDescriptor(fd);
                if (ch == null) {
                    throw new IOException("LISTEN_FDS: descriptor " + fd + " is not a socket wsnio can adopt"
                            + " (not a socket, or a stream socket neither listening nor connected)");
                }
                list.add(ch);
                String key = name.length == 0 ? "unknown" : name[i];
                map.computeIfAbsent(key, k -> new ArrayList<>()).add(ch);
            }
        }
        map.replaceAll((k, v) -> Collections.unmodifiableList(v));
        channels = Collections.unmodifiableList(list);
        byName = Collections.unmodifiableMap(map);
    }
}

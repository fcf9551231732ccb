package io.wsnio.backend.posix;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import io.wsnio.testkit.OpenSockets;

/**
 * Child JVM of {@link EpollPollerTest}, run with a small {@code -XX:MaxDirectMemorySize}: fills
 * direct memory, then constructs pollers whose buffer allocations fail, and prints the
 * descriptor counts around them.
 */
public final class EpollPollerLeakMain {
    private EpollPollerLeakMain() { }

    public static void main(String[] args) throws Exception {
        LibC.errno(); // load the native library before counting
        List<ByteBuffer> hold = new ArrayList<>();
        try {
            for (;;) {
                hold.add(ByteBuffer.allocateDirect(1));
            }
        } catch (OutOfMemoryError full) {
            // direct memory is full: the pollers' buffers cannot be allocated
        }
        int before = OpenSockets.count();
        int failed = 0;
        for (int i = 0; i < 3; i++) {
            try {
                new EpollPoller().close();
            } catch (OutOfMemoryError e) {
                failed++;
            }
        }
        System.out.println("failed=" + failed);
        System.out.println("fdsBefore=" + before);
        System.out.println("fdsAfter=" + OpenSockets.count());
        System.out.println("held=" + hold.size());
    }
}

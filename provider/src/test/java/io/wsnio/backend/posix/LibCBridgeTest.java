package io.wsnio.backend.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The libc bridge in use (JNA from a class directory or on JDK 17-21; java.lang.foreign from the
 * multi-release jar on JDK 22+: the JDK 22+ build runs these tests once more on the jar and says
 * which it expects) and its errno: the value a failing call set, per thread.
 */
class LibCBridgeTest {

    @BeforeAll
    static void linuxOnly() {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the POSIX backend's libc (Linux)");
    }

    @Test
    void theExpectedBridgeIsLoaded() {
        assertEquals(System.getProperty("wsnio.test.expectBridge", "jna"), LibC.bridge(),
                "LibC from " + LibC.class.getProtectionDomain().getCodeSource().getLocation() + " on Java "
                        + Runtime.version());
    }

    @Test
    void errnoIsWhatTheFailingCallSet() {
        assertEquals(-1, LibC.close(-1));
        assertEquals(9, LibC.errno(), "close(-1) sets EBADF");
        assertEquals(-1, LibC.listen(0, 1)); // descriptor 0 is no socket (stdin), or closed
        int e = LibC.errno();
        assertTrue(e == 88 || e == 9, "listen(0) sets ENOTSOCK or EBADF, not " + Errno.name(e));
        assertEquals(-1, LibC.socket(-1, 1, 0));
        assertEquals("EAFNOSUPPORT", Errno.name(LibC.errno()));
    }

    @Test
    void errnoBelongsToTheCallingThread() throws Exception {
        CountDownLatch set = new CountDownLatch(1);
        CountDownLatch checked = new CountDownLatch(1);
        AtomicInteger otherSaw = new AtomicInteger();
        Thread other = new Thread(() -> {
            LibC.socket(-1, 1, 0);                    // EAFNOSUPPORT here
            set.countDown();
            try {
                checked.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            otherSaw.set(LibC.errno());
        });
        other.start();
        set.await();
        assertEquals(-1, LibC.close(-1));             // EBADF on this thread
        assertEquals(9, LibC.errno());
        checked.countDown();
        other.join(10_000);
        assertEquals("EAFNOSUPPORT", Errno.name(otherSaw.get()), "the other thread's errno after this thread's EBADF");
    }
}

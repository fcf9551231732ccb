package io.wsnio.spi;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.junit.jupiter.api.AfterEach;

/**
 * Closes, after each test and in reverse order, everything a test registered. Each close runs on
 * a daemon thread with a bound, so a close that hangs (a provider bug the test itself reports)
 * does not hang the build or keep the JVM from exiting. Closing a channel, selector or socket
 * never throws (closing twice is a no-op), so an exception from a close is a bug: every one is
 * collected and fails the test, after everything else was closed.
 */
public abstract class Closer {

    private static final long CLOSE_TIMEOUT_MILLIS = 10_000;

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    /** Registers {@code resource} to be closed after the test; returns it. */
    protected final <T extends AutoCloseable> T closeLater(T resource) {
        resources.push(resource);
        return resource;
    }

    @AfterEach
    final void closeResources() throws Exception {
        List<String> hung = new ArrayList<>();
        List<Throwable> thrown = new java.util.concurrent.CopyOnWriteArrayList<>();
        while (!resources.isEmpty()) {
            AutoCloseable r = resources.pop();
            Thread t = new Thread(() -> {
                try {
                    r.close();
                } catch (Throwable e) {
                    thrown.add(new AssertionError("close() of " + r + " threw " + e, e));
                }
            }, "closer");
            t.setDaemon(true);
            t.start();
            t.join(CLOSE_TIMEOUT_MILLIS);
            if (t.isAlive()) {
                hung.add(r.toString());
            }
        }
        if (!hung.isEmpty()) {
            throw new AssertionError("close() did not return within " + CLOSE_TIMEOUT_MILLIS
                    + " ms after the test for: " + hung);
        }
        if (!thrown.isEmpty()) {
            AssertionError e = new AssertionError(thrown.size() + " close() call(s) threw after the test: " + thrown);
            thrown.forEach(e::addSuppressed);
            throw e;
        }
    }
}

package io.wsnio.spi.virtual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * Virtual threads for tests compiled at release 17 (made by {@link io.wsnio.spi.Background});
 * on a JDK without them every test that needs one aborts with the reason.
 */
final class VirtualThreads {
    private VirtualThreads() {
    }

    static void assumeAvailable() {
        Assumptions.assumeTrue(io.wsnio.spi.Background.virtualThreads(), "virtual threads need JDK 21+; this is "
                + Runtime.version());
    }

    /** A started virtual thread running {@code body}; its outcome in {@link Task#result}. */
    static <T> Task<T> start(Callable<T> body) {
        assumeAvailable();
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable r = () -> {
            try {
                result.complete(body.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        };
        Thread t = io.wsnio.spi.Background.newVirtual("virtual-test", r);
        t.start();
        return new Task<>(t, result);
    }

    /** A virtual thread and its outcome. */
    record Task<T>(Thread thread, CompletableFuture<T> result) {

        /** The value, or the failure the body threw, within 20 s. */
        T get() throws Exception {
            try {
                return result.get(20, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception ex) {
                    throw ex;
                }
                throw e;
            } catch (TimeoutException e) {
                throw new AssertionError("virtual thread still running after 20 s, state "
                        + thread.getState() + "\n" + stack(thread), e);
            }
        }

        /** Waits until the thread is parked (WAITING or TIMED_WAITING); fails if it stays RUNNABLE. */
        Task<T> awaitParked() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Thread.State s;
            int parkedSeen = 0;
            while (System.nanoTime() < deadline) {
                s = thread.getState();
                if (result.isDone()) {
                    fail("the operation completed instead of waiting: " + result);
                }
                if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
                    // seen parked twice 20 ms apart: not a passing lock hand-off
                    if (++parkedSeen == 2) {
                        return this;
                    }
                } else {
                    parkedSeen = 0;
                }
                Thread.sleep(20);
            }
            fail("the virtual thread never parked; state " + thread.getState() + " (RUNNABLE: its carrier is "
                    + "held in a blocking call)\n" + stack(thread));
            return this;
        }

        /** Asserts it is still waiting (not done) now. */
        void assertStillWaiting() {
            assertEquals(false, result.isDone(), () -> "ended early: " + result);
        }
    }

    static String stack(Thread t) {
        StringBuilder sb = new StringBuilder();
        for (StackTraceElement e : t.getStackTrace()) {
            sb.append("    at ").append(e).append('\n');
        }
        return sb.toString();
    }
}

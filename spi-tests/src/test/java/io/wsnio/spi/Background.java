package io.wsnio.spi;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * A call running on its own thread, with bounded waits: a call that never returns fails the
 * test instead of hanging the build.
 */
public final class Background<T> {

    private final Thread thread;
    private volatile T result;
    private volatile Throwable failure;
    private volatile boolean interruptedAtEnd;

    private Background(String name, Callable<T> body, boolean virtual) {
        Runnable r = () -> {
            try {
                result = body.call();
            } catch (Throwable t) {
                failure = t;
            } finally {
                interruptedAtEnd = Thread.currentThread().isInterrupted();
            }
        };
        if (virtual) {
            thread = newVirtual(name, r);
        } else {
            thread = new Thread(r, name);
            thread.setDaemon(true);
        }
    }

    /** Starts {@code body} on a new daemon thread. */
    public static <T> Background<T> start(String name, Callable<T> body) {
        Background<T> b = new Background<>(name, body, false);
        b.thread.start();
        return b;
    }

    /** Starts {@code body} on a new virtual thread (JDK 21+; see {@link #virtualThreads()}). */
    public static <T> Background<T> startVirtual(String name, Callable<T> body) {
        Background<T> b = new Background<>(name, body, true);
        b.thread.start();
        return b;
    }

    private static final java.lang.invoke.MethodHandle OF_VIRTUAL, NAME, UNSTARTED;

    static {
        java.lang.invoke.MethodHandle of = null, name = null, unstarted = null;
        try {
            var l = java.lang.invoke.MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            of = l.findStatic(Thread.class, "ofVirtual", java.lang.invoke.MethodType.methodType(ofVirtual));
            name = l.findVirtual(ofVirtual, "name", java.lang.invoke.MethodType.methodType(ofVirtual, String.class));
            unstarted = l.findVirtual(builder, "unstarted", java.lang.invoke.MethodType.methodType(Thread.class, Runnable.class));
        } catch (ReflectiveOperationException e) {
            // JDK 17-20: no virtual threads
        }
        OF_VIRTUAL = of;
        NAME = name;
        UNSTARTED = unstarted;
    }

    /** True when this JDK has virtual threads (21+). */
    public static boolean virtualThreads() {
        return OF_VIRTUAL != null;
    }

    /** An unstarted virtual thread (JDK 21+; UnsupportedOperationException before). */
    public static Thread newVirtual(String name, Runnable r) {
        if (OF_VIRTUAL == null) {
            throw new UnsupportedOperationException("virtual threads need JDK 21+; this is " + Runtime.version());
        }
        try {
            return (Thread) UNSTARTED.invoke(NAME.invoke(OF_VIRTUAL.invoke(), name), r);
        } catch (Throwable e) {
            throw new AssertionError("cannot create a virtual thread", e);
        }
    }

    public Thread thread() {
        return thread;
    }

    /** Waits (bounded) for the call to end. */
    public Background<T> join(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            fail("'" + thread.getName() + "' still blocked after " + timeout + stack(thread));
        }
        return this;
    }

    /** The result, or the call's exception wrapped in an AssertionError. */
    public T get() throws InterruptedException {
        join(TestNet.TIMEOUT);
        if (failure != null) {
            throw new AssertionError("'" + thread.getName() + "' failed: " + failure, failure);
        }
        return result;
    }

    /** The exception the call ended with; fails if it returned normally. */
    public Throwable failure() throws InterruptedException {
        join(TestNet.TIMEOUT);
        if (failure == null) {
            fail("'" + thread.getName() + "' returned " + result + " instead of throwing");
        }
        return failure;
    }

    /** Whether the thread's interrupt status was set when the call ended. */
    public boolean interruptedAtEnd() throws InterruptedException {
        join(TestNet.TIMEOUT);
        return interruptedAtEnd;
    }

    /**
     * Interrupts the thread from a helper thread and fails, naming the likely cause, if
     * {@code Thread.interrupt()} itself does not return (it runs the channel's close while holding
     * the thread's blocker lock, so a close that waits for the blocked thread deadlocks).
     */
    public void interruptBounded() throws InterruptedException {
        Thread helper = new Thread(thread::interrupt, "interrupter of " + thread.getName());
        helper.setDaemon(true);
        helper.start();
        helper.join(10_000);
        if (helper.isAlive()) {
            fail("Thread.interrupt() of '" + thread.getName() + "' has not returned after 10 s: the"
                    + " channel's close-on-interrupt waits for the interrupted thread (deadlock)"
                    + stack(helper) + "\n'" + thread.getName() + "':" + stack(thread));
        }
    }

    private static String stack(Thread t) {
        StringBuilder sb = new StringBuilder();
        for (StackTraceElement e : t.getStackTrace()) {
            sb.append("\n\tat ").append(e);
        }
        return sb.toString();
    }

    public boolean isAlive() {
        return thread.isAlive();
    }

    /**
     * Waits until the thread is inside one of {@code methods} of {@code type} or of one of its
     * superclasses (as its stack shows), then until it is blocked ({@link #awaitBlocked(Thread)}).
     * Fails if it never gets there.
     */
    public Background<T> awaitInside(Class<?> type, String... methods) throws InterruptedException {
        Set<String> classes = new HashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            classes.add(c.getName());
        }
        Set<String> names = Set.of(methods);
        long deadline = System.nanoTime() + TestNet.TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!thread.isAlive()) {
                fail("'" + thread.getName() + "' ended before blocking: result " + result
                        + ", failure " + failure);
            }
            for (StackTraceElement e : thread.getStackTrace()) {
                if (classes.contains(e.getClassName()) && names.contains(e.getMethodName())) {
                    awaitBlocked(thread);
                    return this;
                }
            }
            Thread.onSpinWait();
        }
        fail("'" + thread.getName() + "' never entered " + type.getName() + "." + names);
        return this;
    }

    /** {@link #awaitBlocked(Thread)} for this call's thread. */
    public Background<T> awaitBlocked() throws InterruptedException {
        awaitBlocked(thread);
        return this;
    }

    /**
     * Waits (bounded by {@link TestNet#TIMEOUT}) until {@code t} is blocked, as its state and stack
     * show: waiting or parked, or runnable inside a native call (a native method on top of its stack,
     * or the foreign bridge's {@code LibC}) with the same top frame in 20 samples in a row. Fails if
     * the thread ends or never blocks.
     */
    public static void awaitBlocked(Thread t) {
        long deadline = System.nanoTime() + TestNet.TIMEOUT.toNanos();
        StackTraceElement last = null;
        int same = 0;
        while (System.nanoTime() < deadline) {
            Thread.State state = t.getState();
            if (state == Thread.State.TERMINATED) {
                fail("'" + t.getName() + "' ended before blocking");
            }
            if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED) {
                return;
            }
            StackTraceElement[] stack = t.getStackTrace();
            StackTraceElement top = stack.length > 0 ? stack[0] : null;
            boolean inNative = state == Thread.State.RUNNABLE && top != null
                    && (top.isNativeMethod() || top.getClassName().endsWith(".LibC"));
            same = inNative && top.equals(last) ? same + 1 : 0;
            last = inNative ? top : null;
            if (same >= 20) {
                return;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        fail("'" + t.getName() + "' did not block within " + TestNet.TIMEOUT + stack(t));
    }
}

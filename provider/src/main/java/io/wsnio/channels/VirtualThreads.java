package io.wsnio.channels;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Whether the current thread is a virtual thread (JDK 21+), resolved once so the provider still
 * compiles for and runs on JDK 17, where every thread is a platform thread. The check is a
 * constant-folded method handle call: no allocation, no reflection per call.
 */
final class VirtualThreads {
    private static final MethodHandle IS_VIRTUAL = resolve();
    private static final MethodHandle OF_VIRTUAL, NAME, UNSTARTED;

    static {
        MethodHandle of = null, name = null, unstarted = null;
        if (IS_VIRTUAL != null) {
            try {
                MethodHandles.Lookup l = MethodHandles.publicLookup();
                Class<?> builder = Class.forName("java.lang.Thread$Builder");
                Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
                of = l.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtual));
                name = l.findVirtual(ofVirtual, "name", MethodType.methodType(ofVirtual, String.class));
                unstarted = l.findVirtual(builder, "unstarted", MethodType.methodType(Thread.class, Runnable.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
        OF_VIRTUAL = of;
        NAME = name;
        UNSTARTED = unstarted;
    }

    private VirtualThreads() {
    }

    private static MethodHandle resolve() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null; // JDK 17-20: no virtual threads
        }
    }

    /** True when this runtime has virtual threads. */
    static boolean supported() {
        return IS_VIRTUAL != null;
    }

    /** True when {@code t} is a virtual thread. */
    static boolean isVirtual(Thread t) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(t);
        } catch (Throwable e) {
            throw new AssertionError("Thread.isVirtual failed", e);
        }
    }

    /** Starts {@code body} on a new virtual thread named {@code name} (JDK 21+ only). */
    static Thread start(String name, Runnable body) {
        if (OF_VIRTUAL == null) {
            throw new UnsupportedOperationException("no virtual threads before JDK 21");
        }
        try {
            Thread t = (Thread) UNSTARTED.invoke(NAME.invoke(OF_VIRTUAL.invoke(), name), body);
            t.start();
            return t;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot start virtual thread " + name, e);
        }
    }

    /** True when the calling thread is a virtual thread. */
    static boolean current() {
        return isVirtual(Thread.currentThread());
    }
}

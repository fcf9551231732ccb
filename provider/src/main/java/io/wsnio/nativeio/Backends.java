package io.wsnio.nativeio;

import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * Chooses the backend once per JVM: Winsock on Windows, POSIX elsewhere; {@code -Dwsnio.backend=}
 * {@code posix|winsock} overrides. A failure is kept and explained by {@link #unavailabilityCause()}.
 */
public final class Backends {
    private static final System.Logger LOG = System.getLogger("io.wsnio");
    private static final NativeNet NET;
    private static final Throwable CAUSE;

    static {
        NativeNet net = null;
        Throwable cause = null;
        String choice = System.getProperty("wsnio.backend", "");
        if (choice.isEmpty()) {
            choice = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "winsock" : "posix";
        }
        String cls = "winsock".equals(choice) ? "io.wsnio.backend.winsock.WinsockNet"
                : "posix".equals(choice) ? "io.wsnio.backend.posix.PosixNet" : null;
        try {
            if (cls == null) {
                throw new IllegalArgumentException("wsnio.backend must be posix or winsock, not '" + choice + "'");
            }
            net = (NativeNet) Class.forName(cls).getMethod("create").invoke(null);
            LOG.log(Level.DEBUG, "wsnio backend: {0}", net.name());
        } catch (java.lang.reflect.InvocationTargetException e) {
            cause = e.getCause();
        } catch (Throwable t) {
            cause = t;
        }
        NET = net;
        CAUSE = explain(cause);
    }

    /**
     * Unwraps a static initializer's error to the exception that says what is wrong. JNA logs through java.util.logging: in a runtime image without the java.logging module (a
     * jlink image, {@code --limit-modules}) loading it fails with a bare NoClassDefFoundError.
     * Say which module is missing and what to do.
     */
    private static Throwable explain(Throwable cause) {
        if (cause instanceof ExceptionInInitializerError e && e.getCause() != null) {
            cause = e.getCause(); // a backend class's static initializer refused a setting: say which
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof NoClassDefFoundError && String.valueOf(t.getMessage()).startsWith("java/util/logging")
                    && ModuleLayer.boot().findModule("java.logging").isEmpty()) {
                return new IllegalStateException("this runtime has no java.logging module, which JNA (wsnio's native"
                        + " bridge) needs to load: add it to the image (jlink --add-modules java.logging) or drop"
                        + " it from --limit-modules", cause);
            }
        }
        return cause;
    }

    private Backends() { }

    public static boolean isAvailable() {
        return NET != null;
    }

    public static Throwable unavailabilityCause() {
        return CAUSE;
    }

    /** The backend, or an {@link UnsupportedOperationException} explaining why there is none. */
    public static NativeNet net() {
        if (NET == null) {
            throw new UnsupportedOperationException("no wsnio backend for this platform: " + CAUSE, CAUSE);
        }
        return NET;
    }
}

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
        CAUSE = cause;
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

package io.wsnio.spi;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The socket options a provider outside the JDK can name: the fields of
 * {@link StandardSocketOptions} and of {@code jdk.net.ExtendedSocketOptions} (the JDK's internal
 * options, such as its adaptor-only SO_OOBINLINE, are not reachable from other code).
 */
public final class PublicOptions {

    private PublicOptions() {
    }

    public static Set<SocketOption<?>> all() {
        Set<SocketOption<?>> s = new LinkedHashSet<>();
        addFields(s, StandardSocketOptions.class);
        try {
            addFields(s, Class.forName("jdk.net.ExtendedSocketOptions"));
        } catch (ClassNotFoundException e) {
            // jdk.net not in this runtime: only the standard ones
        }
        return s;
    }

    /** The public options among {@code supported}. */
    public static Set<SocketOption<?>> publicOf(Set<SocketOption<?>> supported) {
        Set<SocketOption<?>> s = new LinkedHashSet<>(all());
        s.retainAll(supported);
        return s;
    }

    private static void addFields(Set<SocketOption<?>> s, Class<?> c) {
        for (Field f : c.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && SocketOption.class.isAssignableFrom(f.getType())) {
                try {
                    s.add((SocketOption<?>) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }
}

package io.wsnio.spi;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.spi.SelectorProvider;

/**
 * The two providers every contract suite is bound to: the JDK's own (the oracle) and wsnio.
 */
public final class Providers {

    /** Names a provider class to use as the oracle instead of the platform default. */
    public static final String JDK_PROVIDER_PROPERTY = "wsnio.test.jdkProvider";

    private static volatile SelectorProvider wsnio;
    private static volatile SelectorProvider jdk;

    private Providers() {
    }

    /**
     * The JDK's provider: the class named by {@value #JDK_PROVIDER_PROPERTY} if set (for example
     * {@code sun.nio.ch.WindowsSelectorProvider} under Wine), else the platform default, which
     * must be a {@code sun.nio.ch} class so the oracle really is the JDK.
     */
    public static SelectorProvider jdk() {
        SelectorProvider p = jdk;
        if (p == null) {
            synchronized (Providers.class) {
                p = jdk;
                if (p == null) {
                    p = jdk = createJdk();
                }
            }
        }
        return p;
    }

    private static SelectorProvider createJdk() {
        String name = System.getProperty(JDK_PROVIDER_PROPERTY);
        if (name != null && !name.isBlank()) {
            try {
                // sun.nio.ch is not exported: the test JVM needs
                // --add-exports java.base/sun.nio.ch=ALL-UNNAMED for this to be accessible
                Class<?> c = Class.forName(name.trim(), true, ClassLoader.getSystemClassLoader());
                return (SelectorProvider) c.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("cannot instantiate -D" + JDK_PROVIDER_PROPERTY
                        + "=" + name + " (a sun.nio.ch class needs --add-exports "
                        + "java.base/sun.nio.ch=ALL-UNNAMED on the test JVM): " + e, e);
            }
        }
        SelectorProvider p = SelectorProvider.provider();
        assertTrue(p.getClass().getName().startsWith("sun.nio.ch"),
                "the JVM-wide provider must be the JDK's for the oracle, but is "
                        + p.getClass().getName()
                        + " (is the wsnio services jar or -Djava.nio.channels.spi.SelectorProvider"
                        + " on the test JVM?)");
        return p;
    }

    /** The wsnio provider under test (one instance shared by all tests). */
    public static SelectorProvider wsnio() {
        SelectorProvider p = wsnio;
        if (p == null) {
            synchronized (Providers.class) {
                p = wsnio;
                if (p == null) {
                    p = wsnio = new io.wsnio.WsnioSelectorProvider();
                }
            }
        }
        return p;
    }

    /** True when {@code p} is the JDK oracle. */
    public static boolean isJdk(SelectorProvider p) {
        return p == jdk();
    }

    /** The provider other than {@code p}: wsnio for the JDK, the JDK for anything else. */
    public static SelectorProvider other(SelectorProvider p) {
        return isJdk(p) ? wsnio() : jdk();
    }
}

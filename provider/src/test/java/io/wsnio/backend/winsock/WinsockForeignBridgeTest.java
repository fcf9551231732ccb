package io.wsnio.backend.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.testkit.ChildProcess;
import java.io.File;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Winsock backend's java.lang.foreign bridge ({@code -Dwsnio.winsock.bridge=ffm}, JDK 22+, the
 * multi-release jar's META-INF/versions/22 classes), checked where no Windows JRE 22+ is at hand:
 * each facade offers every function of the JNA class it replaces, with the same Java signature,
 * and every JDK 17 facade method; each foreign descriptor carries every Java parameter at its
 * width; and on Linux, where the linker cannot capture {@code WSAGetLastError}, asking for the
 * bridge makes the backend report that, naming the platform, instead of crashing. Whether the
 * downcalls work on Windows is not tested anywhere (docs/windows.md).
 *
 * <p>The tests compile for Java 17, so java.lang.foreign is reached by reflection; they run on the
 * JDK 22+ build's tests-on-the-jar execution (the class directory holds only the JDK 17 classes).
 */
class WinsockForeignBridgeTest {

    /** Each JNA class and the facade the backend calls instead. */
    private static final Map<Class<?>, Class<?>> FACADES = Map.of(
            JnaWs2_32.class, Ws2_32.class,
            JnaWs2_32.RecvMsg.class, Ws2_32.RecvMsg.class,
            JnaKernel32.class, Kernel32.class,
            JnaKernel32Iocp.class, Kernel32Iocp.class,
            JnaNtdll.class, Ntdll.class);

    /** The classes the multi-release jar has twice: in its root (JDK 17) and in META-INF/versions/22. */
    private static final List<Class<?>> VERSIONED = List.of(Ws2_32.class, Ws2_32.RecvMsg.class, Kernel32.class,
            Kernel32Iocp.class, Ntdll.class, WinsockBridge.class);

    @BeforeAll
    static void theJdk22ClassesOfTheJar() {
        Assumptions.assumeTrue(Runtime.version().feature() >= 22,
                "the Winsock foreign bridge needs JDK 22+ (java.lang.foreign); this is JDK " + Runtime.version().feature());
        URL where = Ws2_32.class.getResource("Ws2_32.class");
        Assumptions.assumeTrue(where != null && where.toString().startsWith("jar:"),
                "the Winsock foreign bridge loads only from the multi-release jar; this run tests the class directory"
                        + " (the tests-on-the-jar run checks it)");
        for (Class<?> c : VERSIONED) {
            URL u = c.getResource(binaryName(c) + ".class");
            assertNotNull(u, c.getName());
            assertTrue(u.toString().contains("META-INF/versions/22/"), u + " is the JDK 22 variant");
        }
    }

    /** {@code Ws2_32$RecvMsg} for the nested class: its class file's name in its package. */
    private static String binaryName(Class<?> c) {
        return c.getName().substring(c.getPackageName().length() + 1);
    }

    private static List<Method> natives(Class<?> jna) {
        List<Method> out = new ArrayList<>();
        for (Method m : jna.getDeclaredMethods()) {
            if (Modifier.isNative(m.getModifiers())) {
                out.add(m);
            }
        }
        out.sort(java.util.Comparator.comparing(Method::getName));
        return out;
    }

    /** The top-level facade whose DESCRIPTORS map describes {@code facade}'s functions. */
    private static Class<?> descriptorOwner(Class<?> facade) {
        return facade.getEnclosingClass() != null ? facade.getEnclosingClass() : facade;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> descriptors(Class<?> facade) throws Exception {
        Field f = descriptorOwner(facade).getDeclaredField("DESCRIPTORS");
        f.setAccessible(true);
        return (Map<String, Object>) f.get(null);
    }

    @Test
    void everyJnaFunctionHasAFacadeMethodOfTheSameSignature() throws Exception {
        int functions = 0;
        for (Map.Entry<Class<?>, Class<?>> e : FACADES.entrySet()) {
            for (Method n : natives(e.getKey())) {
                Method f;
                try {
                    f = e.getValue().getDeclaredMethod(n.getName(), n.getParameterTypes());
                } catch (NoSuchMethodException missing) {
                    throw new AssertionError(e.getValue().getName() + " has no " + n.getName()
                            + Arrays.toString(n.getParameterTypes()) + " for " + n);
                }
                assertEquals(n.getReturnType(), f.getReturnType(), f.toString());
                assertTrue(Modifier.isStatic(f.getModifiers()) && !Modifier.isNative(f.getModifiers()), f.toString());
                functions++;
            }
        }
        assertEquals(33, functions, "ws2_32 24 (WSARecvMsg included), kernel32 2 + 4, ntdll 3");
        for (Class<?> c : List.of(Ws2_32.class, Kernel32.class, Kernel32Iocp.class)) {
            Method lastError = c.getDeclaredMethod("lastError");
            assertEquals(int.class, lastError.getReturnType(), lastError.toString());
        }
    }

    /**
     * A JDK 22 facade stands in for the JDK 17 one the backend was compiled against: it must have
     * each of its methods and fields, static and of the same types, or a caller fails with
     * NoSuchMethodError on JDK 22+ only. The JDK 17 classes are read from the jar's root.
     */
    @Test
    void theJdk22ClassesHaveEveryMemberOfTheJdk17Ones() throws Exception {
        String where = Ws2_32.class.getResource("Ws2_32.class").getPath(); // file:/...jar!/META-INF/versions/22/...
        Path jarFile = Path.of(java.net.URI.create(where.substring(0, where.indexOf("!/"))));
        Map<String, byte[]> base = new TreeMap<>();
        try (JarFile jar = new JarFile(jarFile.toFile())) { // JarFile(File) reads the base version
            for (Class<?> c : VERSIONED) {
                String entry = c.getName().replace('.', '/') + ".class";
                try (InputStream in = jar.getInputStream(jar.getEntry(entry))) {
                    base.put(c.getName(), in.readAllBytes());
                }
            }
        }
        // the JDK 17 classes defined anew; anything else they name comes from the test's loader
        ClassLoader jdk17 = new ClassLoader(WinsockForeignBridgeTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                byte[] b = base.get(name);
                if (b == null) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    return c != null ? c : defineClass(name, b, 0, b.length);
                }
            }
        };
        for (Class<?> c : VERSIONED) {
            Class<?> old = Class.forName(c.getName(), false, jdk17);
            for (Method m : old.getDeclaredMethods()) {
                if (Modifier.isPrivate(m.getModifiers()) || m.isSynthetic()) {
                    continue;
                }
                Method now;
                try {
                    now = c.getDeclaredMethod(m.getName(), m.getParameterTypes());
                } catch (NoSuchMethodException missing) {
                    throw new AssertionError("the JDK 22 " + c.getName() + " lacks " + m);
                }
                assertEquals(m.getReturnType(), now.getReturnType(), now.toString());
                assertEquals(Modifier.isStatic(m.getModifiers()), Modifier.isStatic(now.getModifiers()), now.toString());
                assertFalse(Modifier.isPrivate(now.getModifiers()), now.toString());
            }
            for (Field f : old.getDeclaredFields()) {
                if (Modifier.isPrivate(f.getModifiers()) || f.isSynthetic()) {
                    continue;
                }
                Field now = c.getDeclaredField(f.getName());
                assertEquals(f.getType().getName(), now.getType().getName(), now.toString());
                assertEquals(f.getModifiers() & (Modifier.STATIC | Modifier.FINAL),
                        now.getModifiers() & (Modifier.STATIC | Modifier.FINAL), now.toString());
            }
        }
    }

    @Test
    void everyDescriptorCarriesEachParameterAtItsJavaWidth() throws Exception {
        Class<?> valueLayout = Class.forName("java.lang.foreign.ValueLayout");
        Class<?> memoryLayout = Class.forName("java.lang.foreign.MemoryLayout");
        Class<?> functionDescriptor = Class.forName("java.lang.foreign.FunctionDescriptor");
        Map<Class<?>, Object> layoutOf = Map.of(
                int.class, valueLayout.getField("JAVA_INT").get(null),
                long.class, valueLayout.getField("JAVA_LONG").get(null),
                short.class, valueLayout.getField("JAVA_SHORT").get(null));
        Map<Class<?>, Long> width = Map.of(int.class, 4L, long.class, 8L, short.class, 2L);
        Method argumentLayouts = functionDescriptor.getMethod("argumentLayouts");
        Method returnLayout = functionDescriptor.getMethod("returnLayout");
        Method carrier = valueLayout.getMethod("carrier");
        Method byteSize = memoryLayout.getMethod("byteSize");
        Map<Class<?>, TreeSet<String>> described = new java.util.HashMap<>();
        for (Map.Entry<Class<?>, Class<?>> e : FACADES.entrySet()) {
            Map<String, Object> descriptors = descriptors(e.getValue());
            described.computeIfAbsent(descriptorOwner(e.getValue()), k -> new TreeSet<>()).addAll(
                    natives(e.getKey()).stream().map(Method::getName).collect(Collectors.toList()));
            for (Method n : natives(e.getKey())) {
                Object fd = descriptors.get(n.getName());
                assertNotNull(fd, descriptorOwner(e.getValue()).getSimpleName() + " describes no " + n.getName());
                List<?> args = (List<?>) argumentLayouts.invoke(fd);
                Class<?>[] params = n.getParameterTypes();
                assertEquals(params.length, args.size(), n.getName() + ": " + fd);
                for (int i = 0; i < params.length; i++) {
                    String what = n.getName() + " parameter " + i + " (" + params[i] + "): " + fd;
                    assertTrue(layoutOf.containsKey(params[i]), "JNA parameter of no scalar carrier: " + what);
                    Object arg = args.get(i);
                    assertEquals(layoutOf.get(params[i]), arg, what);
                    assertEquals(params[i], carrier.invoke(arg), what);
                    assertEquals(width.get(params[i]), byteSize.invoke(arg), what);
                }
                Optional<?> ret = (Optional<?>) returnLayout.invoke(fd);
                assertTrue(ret.isPresent(), n.getName() + " returns " + n.getReturnType() + ": " + fd);
                assertEquals(layoutOf.get(n.getReturnType()), ret.get(), n.getName() + " return: " + fd);
                assertEquals(n.getReturnType(), carrier.invoke(ret.get()), n.getName() + " return: " + fd);
            }
        }
        for (Map.Entry<Class<?>, TreeSet<String>> e : described.entrySet()) {
            assertEquals(e.getValue(), new TreeSet<>(descriptors(e.getKey()).keySet()),
                    e.getKey().getSimpleName() + ": a descriptor for each JNA function, and no other");
        }
    }

    @Test
    void jnaIsTheDefaultAndAnUnknownBridgeIsRefusedNamingIt() throws Exception {
        assertEquals("jna", WinsockBridge.name(), "no -Dwsnio.winsock.bridge here");
        Method foreign = WinsockBridge.class.getDeclaredMethod("foreign", String.class);
        foreign.setAccessible(true);
        assertEquals(false, foreign.invoke(null, ""));
        assertEquals(false, foreign.invoke(null, "jna"));
        assertEquals(true, foreign.invoke(null, "ffm"));
        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> foreign.invoke(null, "FFM"));
        IllegalArgumentException refusal = assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertTrue(refusal.getMessage().startsWith("-Dwsnio.winsock.bridge=FFM: unknown Winsock bridge"),
                refusal.getMessage());
    }

    /** On Linux the linker knows no Windows call state: capturing it is refused, naming the platform. */
    @Test
    void onLinuxCapturingTheWindowsLastErrorIsRefusedNamingThePlatform() throws Exception {
        assumeLinux();
        Method capture = WinsockBridge.class.getDeclaredMethod("capture", String.class);
        capture.setAccessible(true);
        for (String state : List.of("WSAGetLastError", "GetLastError")) {
            InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> capture.invoke(null, state));
            UnsupportedOperationException refusal = assertInstanceOf(UnsupportedOperationException.class, e.getCause());
            assertTrue(refusal.getMessage().startsWith("the Winsock foreign bridge (-Dwsnio.winsock.bridge=ffm) runs on"
                    + " Windows only: on Linux"), refusal.getMessage());
            assertTrue(refusal.getMessage().contains("refuses to capture " + state), refusal.getMessage());
            // the linker's own refusal, kept as the cause: captureCallState knows no such state here
            assertInstanceOf(IllegalArgumentException.class, refusal.getCause());
            assertTrue(refusal.getCause().getMessage().contains(state), refusal.getCause().getMessage());
        }
    }

    /**
     * A JVM on Linux started with {@code -Dwsnio.winsock.bridge=ffm} and without JNA: every facade
     * keeps why it cannot link (ws2_32 and kernel32: the refused capture; ntdll, which captures
     * nothing: its DLL does not open), the backend reports the ws2_32 one when asked to start, and
     * the JVM ends normally. No JNA class is needed on the way.
     */
    @Test
    void askedForOnLinuxTheBackendReportsTheRefusalInsteadOfCrashing() throws Exception {
        assumeLinux();
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> !Path.of(p).getFileName().toString().startsWith("jna-"))
                .collect(Collectors.joining(File.pathSeparator));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ChildProcess.Result r = ChildProcess.run(List.of(javaBin, "-Dwsnio.winsock.bridge=ffm",
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath, WinsockForeignBridgeMain.class.getName()), 60);
        assertEquals(0, r.exit(), r::toString);
        Map<String, String> v = r.values();
        assertEquals("ffm", v.get("bridge"), r::toString);
        String refused = "java.lang.UnsupportedOperationException: the Winsock foreign bridge (-Dwsnio.winsock.bridge=ffm)"
                + " runs on Windows only: on Linux";
        assertTrue(v.get("cause.ws").startsWith(refused) && v.get("cause.ws").contains("capture WSAGetLastError"),
                r::toString);
        assertTrue(v.get("cause.kernel").startsWith(refused) && v.get("cause.kernel").contains("capture GetLastError"),
                r::toString);
        assertTrue(v.get("cause.iocp").startsWith(refused) && v.get("cause.iocp").contains("capture GetLastError"),
                r::toString);
        assertTrue(v.get("cause.ntdll").startsWith("java.lang.UnsatisfiedLinkError: ")
                && v.get("cause.ntdll").contains("ntdll.dll could not be opened through java.lang.foreign on Linux"),
                r::toString);
        assertEquals(v.get("cause.ws"), v.get("cause.net"), r::toString);
        assertEquals("java.lang.UnsupportedOperationException: the Winsock backend is unavailable: " + v.get("cause.ws"),
                v.get("create"), r::toString);
    }

    private static void assumeLinux() {
        Assumptions.assumeTrue(System.getProperty("os.name", "").startsWith("Linux"),
                "checks how the foreign bridge fails where it cannot link: on Linux");
    }
}

package io.wsnio.backend.winsock;

/**
 * Run by {@link WinsockForeignBridgeTest} in a JVM started with {@code -Dwsnio.winsock.bridge=ffm}
 * and without JNA on the class path: prints, one {@code key=value} line each, the bridge, why each
 * facade could not link and what the backend says when asked to start.
 */
public final class WinsockForeignBridgeMain {
    private WinsockForeignBridgeMain() { }

    private static String line(Throwable t) {
        return t == null ? "none" : (t.getClass().getName() + ": " + t.getMessage()).replaceAll("\\R", " ");
    }

    public static void main(String[] args) {
        System.out.println("bridge=" + WinsockBridge.name());
        System.out.println("cause.ws=" + line(Ws2_32.UNAVAILABILITY_CAUSE));
        System.out.println("cause.kernel=" + line(Kernel32.UNAVAILABILITY_CAUSE));
        System.out.println("cause.iocp=" + line(Kernel32Iocp.UNAVAILABILITY_CAUSE));
        System.out.println("cause.ntdll=" + line(Ntdll.UNAVAILABILITY_CAUSE));
        System.out.println("cause.net=" + line(WinsockNet.unavailabilityCause()));
        try {
            WinsockNet.create();
            System.out.println("create=created");
        } catch (RuntimeException e) {
            System.out.println("create=" + line(e));
        }
    }
}

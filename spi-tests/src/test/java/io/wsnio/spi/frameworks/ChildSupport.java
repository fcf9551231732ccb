package io.wsnio.spi.frameworks;

import io.wsnio.WsnioSelectorProvider;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.channels.spi.SelectorProvider;

/**
 * What every framework program run by {@link FrameworksOnWsnioTest} shares: a watchdog that ends a
 * hung child with a thread dump, and the {@code key=value} lines that prove which provider served
 * it (the provider class and wsnio's counters of channels it opened).
 */
final class ChildSupport {

    private ChildSupport() {
    }

    /** Ends this JVM with a thread dump and exit code 3 if it is still running after {@code seconds}. */
    static void watchdog(int seconds) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(seconds * 1000L);
            } catch (InterruptedException e) {
                return;
            }
            System.out.println("watchdog: still running after " + seconds + " s; threads:");
            for (ThreadInfo ti : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
                System.out.print(ti);
            }
            System.out.flush();
            Runtime.getRuntime().halt(3);
        }, "child-watchdog");
        t.setDaemon(true);
        t.start();
    }

    /** Prints the provider and wsnio's counters; call after the exchange, before {@link #finish}. */
    static void report() {
        System.out.println("provider=" + SelectorProvider.provider().getClass().getName());
        System.out.println("sockets=" + WsnioSelectorProvider.socketChannelsOpened());
        System.out.println("servers=" + WsnioSelectorProvider.serverChannelsOpened());
        System.out.println("datagrams=" + WsnioSelectorProvider.datagramChannelsOpened());
        System.out.println("selectors=" + WsnioSelectorProvider.selectorsOpened());
        System.out.println("statistics=" + WsnioSelectorProvider.statistics());
        if (Boolean.getBoolean("wsnio.statistics.protocols")) {
            System.out.println("protocols=" + WsnioSelectorProvider.protocolStatistics());
        }
    }

    /** Prints {@code result=OK} (exit 0) or {@code result=FAILED: why} (exit 2) and ends the JVM. */
    static void finish(String failure) {
        report();
        System.out.println("result=" + (failure == null ? "OK" : "FAILED: " + failure));
        System.out.flush();
        // frameworks leave non-daemon threads behind on some failure paths: never wait for them
        Runtime.getRuntime().halt(failure == null ? 0 : 2);
    }
}

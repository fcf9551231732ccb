package io.wsnio.spi.reliability;

import io.wsnio.testkit.Require;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Test-only native help for {@link SignalInterruptTest}: a signal handler installed with or without
 * SA_RESTART (JNA cannot hand sigaction a C function pointer, so a few lines of C are compiled
 * with gcc when the test starts, as {@code LinuxAbiTest} does). The handler counts deliveries and,
 * on x86-64, reads the interrupted context: when the thread sat right after a {@code syscall}
 * instruction with -EINTR in RAX, the signal made a system call fail with EINTR — proof that it
 * arrived while the thread was inside the kernel, not somewhere in Java code.
 */
final class SignalShim {

    static final int DELIVERED = 0;
    /** Signals that made a system call return -EINTR (read from the interrupted register context). */
    static final int EINTR = 1;
    /** Signals that found the thread just after a system call with another result (e.g. a partial write). */
    static final int OTHER_SYSCALL = 2;

    private static final String SOURCE = """
            #define _GNU_SOURCE
            #include <errno.h>
            #include <signal.h>
            #include <stdatomic.h>
            #include <string.h>
            #include <sys/syscall.h>
            #include <ucontext.h>
            #include <unistd.h>

            static atomic_long counts[3];

            static void on_signal(int sig, siginfo_t *info, void *context) {
                int saved = errno;
                atomic_fetch_add(&counts[0], 1);
            #if defined(__x86_64__)
                ucontext_t *uc = context;
                unsigned long ip = (unsigned long) uc->uc_mcontext.gregs[REG_RIP];
                long ax = (long) uc->uc_mcontext.gregs[REG_RAX];
                /* two bytes back stay on the same (mapped) page: 0f 05 is `syscall` */
                if ((ip & 0xfff) >= 2) {
                    const unsigned char *p = (const unsigned char *) ip;
                    if (p[-2] == 0x0f && p[-1] == 0x05) {
                        atomic_fetch_add(&counts[ax == -EINTR ? 1 : 2], 1);
                    }
                }
            #endif
                errno = saved;
            }

            /* Installs the counting handler for SIGRTMIN+offset, with SA_RESTART if restart != 0;
               returns the signal number, or -1 if someone (the JVM) already handles it, or -errno. */
            int wsnio_sig_install(int offset, int restart) {
                int sig = SIGRTMIN + offset;
                struct sigaction old, sa;
                if (sigaction(sig, NULL, &old) != 0) return -errno;
                if (old.sa_handler != SIG_DFL && old.sa_sigaction != on_signal) return -1;
                memset(&sa, 0, sizeof sa);
                sa.sa_sigaction = on_signal;
                /* without SA_RESTART interrupted socket calls fail with EINTR; with it only the calls
                   the kernel never restarts (epoll_wait, poll, calls with a time-out) do */
                sa.sa_flags = SA_SIGINFO | (restart ? SA_RESTART : 0);
                sigemptyset(&sa.sa_mask);
                if (sigaction(sig, &sa, NULL) != 0) return -errno;
                return sig;
            }

            int wsnio_sig_gettid(void) { return (int) syscall(SYS_gettid); }

            int wsnio_sig_send(int tid, int sig) {
                return syscall(SYS_tgkill, getpid(), tid, sig) == 0 ? 0 : -errno;
            }

            long wsnio_sig_count(int which) { return atomic_load(&counts[which]); }
            """;

    interface Lib extends Library {
        int wsnio_sig_install(int offset, int restart);

        int wsnio_sig_gettid();

        int wsnio_sig_send(int tid, int sig);

        long wsnio_sig_count(int which);
    }

    private static Lib lib;

    private SignalShim() {
    }

    /** Compiles and loads the shim (once); aborts the test with the reason where it cannot. */
    static synchronized Lib load() throws IOException, InterruptedException {
        if (lib != null) {
            return lib;
        }
        Path dir = Files.createTempDirectory("wsnio-signals");
        Path src = dir.resolve("signals.c");
        Path so = dir.resolve("libwsniosignals.so");
        Files.writeString(src, SOURCE);
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O2", "-o", so.toString(), src.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            Require.capability("gcc", false, "gcc is not installed: " + e.getMessage());
            return null;
        }
        String out = new String(gcc.getInputStream().readAllBytes());
        if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
            throw new AssertionError("gcc failed on the signal shim:\n" + out);
        }
        lib = Native.load(so.toString(), Lib.class);
        return lib;
    }
}

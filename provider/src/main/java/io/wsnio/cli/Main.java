package io.wsnio.cli;

import io.wsnio.ProtocolCatalog;
import io.wsnio.WsnioSelectorProvider;
import java.io.PrintStream;
import java.util.List;

/**
 * The wsnio command line: {@code selftest}, {@code catalog}, {@code ping <host>}, {@code help}.
 * Run with {@code java -jar wsnio-provider-<version>.jar <command>} (JNA comes from {@code lib/}
 * next to the jar).
 */
public final class Main {
    private Main() { }

    static final String USAGE = String.join("\n",
            "usage: java -jar wsnio-provider.jar <command>",
            "  selftest            quick conformance check of this machine: PASS, FAIL or SKIP (with the",
            "                      reason) per capability; exit code 1 when anything failed",
            "  catalog             the (family, type, protocol) triples this machine accepts, and why",
            "                      the others are refused",
            "  ping <host> [-c N]  ICMP echo over a raw socket (IPv4 or IPv6; needs CAP_NET_RAW or",
            "                      Administrator); exit code 1 when no reply came",
            "  help                this text");

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String cmd = args.length == 0 ? "help" : args[0];
        try {
            switch (cmd) {
                case "help": case "-h": case "--help":
                    out.println(USAGE);
                    return 0;
                case "selftest":
                    return new SelfTest().run(out) == 0 ? 0 : 1;
                case "catalog":
                    printCatalog(ProtocolCatalog.current(), out);
                    return 0;
                case "ping":
                    return ping(args, out, err);
                default:
                    err.println("unknown command: " + cmd);
                    err.println(USAGE);
                    return 2;
            }
        } catch (Exception | LinkageError e) {
            err.println("wsnio " + cmd + ": " + e);
            return 2;
        }
    }

    private static int ping(String[] args, PrintStream out, PrintStream err) throws Exception {
        String host = null;
        int count = 4;
        for (int i = 1; i < args.length; i++) {
            if ("-c".equals(args[i]) && i + 1 < args.length) {
                count = Integer.parseInt(args[++i]);
            } else if (host == null) {
                host = args[i];
            } else {
                err.println("ping: unexpected argument " + args[i]);
                return 2;
            }
        }
        if (host == null || count < 1) {
            err.println("usage: ping <host> [-c count]");
            return 2;
        }
        try {
            return Ping.run(host, count, out);
        } catch (io.wsnio.SocketCreationException e) {
            err.println("ping: " + e.getMessage());
            return 2;
        }
    }

    static void printCatalog(List<ProtocolCatalog.Entry> entries, PrintStream out) {
        out.println("wsnio protocol catalog on " + new WsnioSelectorProvider().backendName()
                + (entries.isEmpty() ? "" : " (" + entries.get(0).source().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")"));
        String fmt = "%-32s %-30s %-50s %-16s %s%n";
        out.printf(fmt, "NAME", "TRIPLE", "NATIVE CALL", "RESULT", "WHY");
        int ok = 0;
        for (ProtocolCatalog.Entry e : entries) {
            if (e.accepted()) {
                ok++;
                out.printf(fmt, e.name(), e.spec(), nativeCall(e), "accepted", "");
            } else {
                String why = e.message() == null ? "" : e.message();
                int i = why.indexOf(" refused: ");
                out.printf(fmt, e.name(), e.spec(), nativeCall(e), e.errorName(),
                        i >= 0 ? why.substring(i + " refused: ".length()) : why);
            }
        }
        out.println(ok + " of " + entries.size() + " triples accepted");
    }

    private static String nativeCall(ProtocolCatalog.Entry e) {
        return e.nativeCall() == null ? "" : e.nativeCall();
    }
}

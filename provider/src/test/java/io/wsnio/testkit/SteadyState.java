package io.wsnio.testkit;

import java.util.Arrays;
import org.opentest4j.AssertionFailedError;

/**
 * Zero allocation in the steady state: a code path allocates nothing once the JIT has compiled it,
 * so after warm-up rounds some measured round of it allocates exactly 0 bytes. A round may still
 * allocate while a method runs outside C2-compiled code (not compiled yet, or deoptimized and
 * waiting to be compiled again), since escape analysis, which removes the JDK's own temporaries
 * (the foreign linker's per-call copy of the errno capture segment among them), exists only in C2;
 * so measured rounds repeat, up to {@link #MEASURED}, until one allocates nothing. An allocation per
 * operation shows in every round and fails.
 */
public final class SteadyState {
    /**
     * The most measured rounds after the warm-up. On a loaded 2-CPU machine C2's queue can hold a
     * method back for several rounds of 5,000-20,000 operations (on the foreign bridge up to 9
     * rounds allocated before one allocated nothing, in 40 fresh JVMs); a round costs well under a
     * second, and an allocation per operation fails them all.
     */
    public static final int MEASURED = 30;

    /** One round of the operations measured: the bytes this thread allocated meanwhile. */
    @FunctionalInterface
    public interface Round {
        long run() throws Exception;
    }

    private SteadyState() { }

    /**
     * Runs {@code warmUps} rounds, then measured rounds until one allocates nothing or {@link
     * #MEASURED} have run: the measured rounds' bytes, in order.
     */
    public static long[] measure(int warmUps, Round round) throws Exception {
        for (int i = 0; i < warmUps; i++) {
            round.run();
        }
        long[] measured = new long[MEASURED];
        for (int i = 0; i < MEASURED; i++) {
            measured[i] = round.run();
            if (measured[i] == 0) {
                if (i > 0) { // worth seeing in a log: how long the JIT took to settle
                    System.out.println("steady state after " + (i + 1) + " measured rounds: "
                            + Arrays.toString(Arrays.copyOf(measured, i + 1)) + " bytes");
                }
                return Arrays.copyOf(measured, i + 1);
            }
        }
        return measured;
    }

    /** Fails unless the last measured round allocated nothing, naming what each round allocated. */
    public static void assertAllocatesNothing(long[] rounds, String what) {
        if (rounds.length == 0 || rounds[rounds.length - 1] != 0) {
            throw new AssertionFailedError("bytes allocated by each of " + rounds.length + " measured rounds of "
                    + what + " after the warm-up: " + Arrays.toString(rounds) + "; none allocated nothing");
        }
    }
}

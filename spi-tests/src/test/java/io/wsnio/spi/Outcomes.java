package io.wsnio.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a call did, as a comparable string: {@code ok}, {@code ok=<value>} for values that do not
 * depend on the provider, or the exception's class (and its message where {@code java.net}
 * specifies one: SocketException and IllegalArgumentException). Used to hold a provider's
 * adaptor to exactly what the JDK's adaptor does, call by call.
 */
public final class Outcomes {
    private Outcomes() { }

    /** A call on an adaptor; its result is recorded when {@code value} is true. */
    @FunctionalInterface
    public interface Call<S> {
        Object call(S target) throws Exception;
    }

    /** A named call, and whether its return value is the same for every provider. */
    public record Step<S>(String name, boolean value, Call<S> call) { }

    public static <S> Step<S> step(String name, Call<S> call) {
        return new Step<>(name, false, call);
    }

    public static <S> Step<S> value(String name, Call<S> call) {
        return new Step<>(name, true, call);
    }

    /** What {@code call} did on {@code target}. */
    public static <S> String of(Step<S> step, S target) {
        try {
            Object r = step.call().call(target);
            return step.value() ? "ok=" + r : "ok";
        } catch (Throwable t) {
            String kind = t.getClass().getName();
            // the JDK's adaptors throw java.net's own exceptions; a provider's subclass of one
            // (e.g. a NativeSocketException) counts as that exception
            for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
                if (c.getName().startsWith("java.")) {
                    kind = c.getName();
                    break;
                }
            }
            if (t instanceof SocketException || t instanceof IllegalArgumentException) {
                // wsnio's native errors append their symbolic name ("Connection reset (ECONNRESET)",
                // "... (EINVAL from listen)"): a deliberate difference, left out of the comparison
                String m = String.valueOf(t.getMessage()).replaceFirst(" \\((WSA)?E[A-Z0-9]+( from [^)]*)?\\)$", "");
                return kind + ": " + m;
            }
            return kind;
        }
    }

    /**
     * Runs every step on a fresh target from {@code jdk} and from {@code tested} and asserts the
     * outcomes are equal, listing every difference at once.
     */
    public static <S> void assertSameAsJdk(String state, List<Step<S>> steps, Factory<S> jdk, Factory<S> tested)
            throws Exception {
        List<String> differences = new ArrayList<>();
        for (Step<S> s : steps) {
            String e = of(s, jdk.create());
            String a = of(s, tested.create());
            if (!e.equals(a)) {
                differences.add(state + " " + s.name() + ": JDK " + e + ", tested " + a);
            }
        }
        assertEquals(List.of(), differences, "outcomes that differ from the JDK's adaptor (" + state + ")");
    }

    /**
     * Runs the steps in order on one target from {@code jdk} and on one from {@code tested} (each
     * step sees what the ones before it did) and asserts the two sequences of outcomes are equal.
     */
    public static <S> void assertSameSequenceAsJdk(String scenario, List<Step<S>> steps, Factory<S> jdk, Factory<S> tested)
            throws Exception {
        S j = jdk.create();
        S t = tested.create();
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        for (Step<S> s : steps) {
            expected.add(s.name() + ": " + of(s, j));
        }
        for (Step<S> s : steps) {
            actual.add(s.name() + ": " + of(s, t));
        }
        assertEquals(expected, actual, "the sequence differs from the JDK's (" + scenario + ")");
    }

    /** Makes a fresh adaptor in the state under test. */
    @FunctionalInterface
    public interface Factory<S> {
        S create() throws Exception;
    }
}

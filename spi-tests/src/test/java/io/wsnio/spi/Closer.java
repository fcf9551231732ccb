package io.wsnio.spi;

import java.util.ArrayDeque;
import java.util.Deque;

import org.junit.jupiter.api.AfterEach;

/** Closes, after each test and in reverse order, everything a test registered. */
public abstract class Closer {

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    /** Registers {@code resource} to be closed after the test; returns it. */
    protected final <T extends AutoCloseable> T closeLater(T resource) {
        resources.push(resource);
        return resource;
    }

    @AfterEach
    final void closeResources() throws Exception {
        Exception first = null;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        // a close failing is not what the tests are about, but it should not go unnoticed
        if (first != null && !(first instanceof java.io.IOException)) {
            throw first;
        }
    }
}

package io.wsnio.bench;

import io.wsnio.WsnioSelectorProvider;
import java.nio.channels.Channel;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;

/**
 * The two providers every benchmark compares, chosen by the {@code provider} JMH parameter.
 * Benchmarks open every channel and selector through the returned object, never through
 * {@code SocketChannel.open()}, so a provider flag on the command line cannot change what is measured.
 */
public final class Providers {

    private Providers() {
    }

    /** {@code jdk}: the JDK's own {@code sun.nio.ch} provider; {@code wsnio}: a new WsnioSelectorProvider. */
    public static SelectorProvider of(String name) {
        switch (name) {
            case "jdk": {
                SelectorProvider p = SelectorProvider.provider();
                if (!p.getClass().getName().startsWith("sun.nio.ch.")) {
                    throw new IllegalStateException("provider=jdk but SelectorProvider.provider() is "
                            + p.getClass().getName() + " (was -Djava.nio.channels.spi.SelectorProvider"
                            + " or a services jar on the class path?); the jdk lane must measure sun.nio.ch");
                }
                return p;
            }
            case "wsnio":
                return new WsnioSelectorProvider();
            default:
                throw new IllegalArgumentException("unknown provider '" + name + "': use jdk or wsnio");
        }
    }

    /** Fails the trial if a channel did not come from the provider under test. */
    public static <C extends Channel> C check(C channel, SelectorProvider provider) {
        SelectorProvider actual;
        if (channel instanceof AbstractSelectableChannel) {
            actual = ((AbstractSelectableChannel) channel).provider();
        } else {
            throw new IllegalStateException(channel.getClass().getName() + " is not a selectable channel");
        }
        if (actual != provider) {
            throw new IllegalStateException(channel.getClass().getName() + " belongs to " + actual
                    + ", not to the provider under test " + provider);
        }
        return channel;
    }

    /** Fails the trial if a selector did not come from the provider under test. */
    public static AbstractSelector check(AbstractSelector selector, SelectorProvider provider) {
        if (selector.provider() != provider) {
            throw new IllegalStateException(selector.getClass().getName() + " belongs to "
                    + selector.provider() + ", not to the provider under test " + provider);
        }
        return selector;
    }
}

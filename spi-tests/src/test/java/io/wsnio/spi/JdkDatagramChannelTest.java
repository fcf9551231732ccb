package io.wsnio.spi;

import java.io.IOException;
import java.nio.channels.spi.SelectorProvider;

/**
 * The DatagramChannelContract contract on the JDK's own provider (the oracle). The tests that compare a provider with
 * the JDK are overridden without {@code @Test}, so they do not run here: on the JDK they would compare
 * the JDK with itself and could not fail.
 */
class JdkDatagramChannelTest extends DatagramChannelContract {
    @Override protected SelectorProvider provider() { return Providers.jdk(); }

    @Override void defaultOptionValuesMatchTheJdk() throws IOException { }

    @Override void supportedOptionsIncludeEveryPublicOptionTheJdkSupports() throws IOException { }
}

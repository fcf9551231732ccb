package io.wsnio.spi;

import java.io.IOException;
import java.nio.channels.spi.SelectorProvider;

/**
 * The ServerChannelContract contract on the JDK's own provider (the oracle). The tests that compare a provider with
 * the JDK are overridden without {@code @Test}, so they do not run here: on the JDK they would compare
 * the JDK with itself and could not fail.
 */
class JdkServerChannelTest extends ServerChannelContract {
    @Override protected SelectorProvider provider() { return Providers.jdk(); }

    @Override void soReuseAddrDefaultEqualsTheJdks() throws IOException { }

    @Override void supportedOptionsIncludeEveryPublicOptionTheJdkSupports() throws IOException { }
}

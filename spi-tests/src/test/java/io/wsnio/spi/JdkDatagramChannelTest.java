package io.wsnio.spi;

import java.nio.channels.spi.SelectorProvider;

class JdkDatagramChannelTest extends DatagramChannelContract {
    @Override protected SelectorProvider provider() { return Providers.jdk(); }
}

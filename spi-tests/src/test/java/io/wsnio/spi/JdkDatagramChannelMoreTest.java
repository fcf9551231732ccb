package io.wsnio.spi;

import java.nio.channels.spi.SelectorProvider;

class JdkDatagramChannelMoreTest extends DatagramChannelMoreContract {
    @Override protected SelectorProvider provider() { return Providers.jdk(); }
}

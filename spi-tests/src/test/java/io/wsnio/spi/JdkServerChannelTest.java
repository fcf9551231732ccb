package io.wsnio.spi;

import java.nio.channels.spi.SelectorProvider;

class JdkServerChannelTest extends ServerChannelContract {
    @Override protected SelectorProvider provider() { return Providers.jdk(); }
}

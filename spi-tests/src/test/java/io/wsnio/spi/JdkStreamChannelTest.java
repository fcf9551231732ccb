package io.wsnio.spi;

import java.nio.channels.spi.SelectorProvider;

class JdkStreamChannelTest extends StreamChannelContract {
    @Override protected SelectorProvider provider() { return Providers.jdk(); }
}

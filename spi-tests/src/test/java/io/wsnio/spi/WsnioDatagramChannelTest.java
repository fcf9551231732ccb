package io.wsnio.spi;

import java.nio.channels.spi.SelectorProvider;

class WsnioDatagramChannelTest extends DatagramChannelContract {
    @Override protected SelectorProvider provider() { return Providers.wsnio(); }
}

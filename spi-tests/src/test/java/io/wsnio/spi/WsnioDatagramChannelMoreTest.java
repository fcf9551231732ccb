package io.wsnio.spi;

import java.nio.channels.spi.SelectorProvider;

class WsnioDatagramChannelMoreTest extends DatagramChannelMoreContract {
    @Override protected SelectorProvider provider() { return Providers.wsnio(); }
}

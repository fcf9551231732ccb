package io.wsnio.spi;

import java.nio.channels.spi.SelectorProvider;

class WsnioStreamChannelTest extends StreamChannelContract {
    @Override protected SelectorProvider provider() { return Providers.wsnio(); }
}

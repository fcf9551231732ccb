package io.wsnio.spi;

import java.nio.channels.spi.SelectorProvider;

class WsnioServerChannelTest extends ServerChannelContract {
    @Override protected SelectorProvider provider() { return Providers.wsnio(); }
}

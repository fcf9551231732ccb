package io.wsnio.spi;

import java.nio.channels.spi.SelectorProvider;

class WsnioSelectorTest extends SelectorContract {
    @Override protected SelectorProvider provider() { return Providers.wsnio(); }
}

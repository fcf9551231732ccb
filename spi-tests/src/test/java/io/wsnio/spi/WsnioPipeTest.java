package io.wsnio.spi;

import java.nio.channels.spi.SelectorProvider;

class WsnioPipeTest extends PipeContract {
    @Override protected SelectorProvider provider() { return Providers.wsnio(); }
}

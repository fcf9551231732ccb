package io.wsnio.spi;

import java.nio.channels.spi.SelectorProvider;

class JdkSelectorTest extends SelectorContract {
    @Override protected SelectorProvider provider() { return Providers.jdk(); }
}

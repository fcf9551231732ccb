package io.wsnio.spi.virtual;

import io.wsnio.spi.Providers;
import java.nio.channels.spi.SelectorProvider;

class JdkVirtualThreadTest extends VirtualThreadContract {
    @Override protected SelectorProvider provider() { return Providers.jdk(); }
}

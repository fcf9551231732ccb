package io.wsnio.spi;

import java.nio.channels.spi.SelectorProvider;

class JdkPipeTest extends PipeContract {
    @Override protected SelectorProvider provider() { return Providers.jdk(); }
}

package io.wsnio.spi;

import java.nio.channels.spi.SelectorProvider;

class JdkUnixDomainTest extends UnixDomainContract {
    @Override protected SelectorProvider provider() { return Providers.jdk(); }
}

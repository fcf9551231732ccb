package io.wsnio.spi;

import java.nio.channels.spi.SelectorProvider;

class WsnioUnixDomainTest extends UnixDomainContract {
    @Override protected SelectorProvider provider() { return Providers.wsnio(); }
}

package io.wsnio.channels;

import io.wsnio.WsnioSelectorProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Pipe;

/** Real keys for data-structure tests (a pipe source registered nowhere; handle ignored). */
final class KeyStub {
    private static Pipe pipe;
    private static WsnioSelector selector;

    private KeyStub() { }

    static synchronized WsnioSelectionKey key() {
        try {
            if (pipe == null) {
                WsnioSelectorProvider p = new WsnioSelectorProvider();
                pipe = p.openPipe();
                selector = (WsnioSelector) p.openSelector();
            }
            return new WsnioSelectionKey(pipe.source(), selector);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.wsnio.channels;

import java.io.IOException;

/**
 * The whole seam between a wsnio channel and {@link WsnioSelector}: the handle to poll, how
 * interest ops become readiness bits and back, and the final release after deregistration.
 */
public interface NativeChannel {

    /** The native handle (never reused while the channel is registered or in use). */
    long handle();

    /** {@link io.wsnio.nativeio.Readiness} bits for these {@code SelectionKey} interest ops. */
    int translateInterestOps(int ops);

    /** The ready {@code SelectionKey} ops for these readiness bits, limited to {@code interestOps}. */
    int translateReadyOps(int readiness, int interestOps);

    /** Called by a selector after deregistering a key of a closed channel: release the handle if nothing else holds it. */
    void kill() throws IOException;
}

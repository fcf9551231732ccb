package io.wsnio.channels;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.AbstractSelectionKey;

/** A registration of a wsnio channel with a {@link WsnioSelector}. */
final class WsnioSelectionKey extends AbstractSelectionKey {
    final SelectableChannel channel;
    final NativeChannel nativeChannel;
    final WsnioSelector selector;
    final long handle;

    private volatile int interestOps;
    private volatile int readyOps;

    // owned by the selector thread (under the selector's lock)
    int registeredEvents;        // readiness bits currently in the poller
    int selectedIndex = -1;      // slot in the selected-key set, -1 when not selected
    boolean updateQueued;        // guarded by the selector's update lock

    WsnioSelectionKey(SelectableChannel channel, WsnioSelector selector) {
        this.channel = channel;
        this.nativeChannel = (NativeChannel) channel;
        this.selector = selector;
        this.handle = nativeChannel.handle();
    }

    @Override
    public SelectableChannel channel() {
        return channel;
    }

    @Override
    public Selector selector() {
        return selector;
    }

    private void ensureValid() {
        if (!isValid()) {
            throw new CancelledKeyException();
        }
    }

    @Override
    public int interestOps() {
        ensureValid();
        return interestOps;
    }

    @Override
    public SelectionKey interestOps(int ops) {
        ensureValid();
        if ((ops & ~channel.validOps()) != 0) {
            throw new IllegalArgumentException("Invalid interest ops: " + ops);
        }
        interestOps = ops;
        selector.queueUpdate(this);
        return this;
    }

    @Override
    public int interestOpsOr(int ops) {
        ensureValid();
        if ((ops & ~channel.validOps()) != 0) {
            throw new IllegalArgumentException("Invalid interest ops: " + ops);
        }
        synchronized (this) {
            int old = interestOps;
            int now = old | ops;
            if (now != old) {
                interestOps = now;
                selector.queueUpdate(this);
            }
            return old;
        }
    }

    @Override
    public int interestOpsAnd(int ops) {
        ensureValid();
        synchronized (this) {
            int old = interestOps;
            int now = old & ops;
            if (now != old) {
                interestOps = now;
                selector.queueUpdate(this);
            }
            return old;
        }
    }

    /** The interest set without a validity check, for the selector. */
    int rawInterestOps() {
        return interestOps;
    }

    @Override
    public int readyOps() {
        ensureValid();
        return readyOps;
    }

    void readyOps(int ops) {
        readyOps = ops;
    }

    int rawReadyOps() {
        return readyOps;
    }

    @Override
    public String toString() {
        return "WsnioSelectionKey[channel=" + channel + (isValid()
                ? ", interest=" + interestOps + ", ready=" + readyOps : ", invalid") + "]";
    }
}

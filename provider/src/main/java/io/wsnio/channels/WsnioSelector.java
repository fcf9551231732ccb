package io.wsnio.channels;

import io.wsnio.nativeio.NativeNet;
import io.wsnio.nativeio.NativePoller;
import io.wsnio.nativeio.Readiness;
import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.IllegalSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;
import java.util.Collections;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A selector over a {@link NativePoller} (epoll, WSAPoll). Interest changes are queued by any
 * thread and applied before the poll, compared with what the poller has; cancelled keys are
 * removed from the poller before their channels may release handles. Steady-state selection
 * allocates nothing: keys are found by handle in a primitive map, the selected set is array-backed.
 */
public final class WsnioSelector extends AbstractSelector {
    private final NativePoller poller;
    private final HandleMap<WsnioSelectionKey> byHandle = new HandleMap<>();
    private final Set<SelectionKey> keys = ConcurrentHashMap.newKeySet();
    private final Set<SelectionKey> publicKeys = Collections.unmodifiableSet(keys);
    private final SelectedKeySet selectedKeys = new SelectedKeySet();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();

    private final Object updateLock = new Object();
    private WsnioSelectionKey[] updates = new WsnioSelectionKey[16];   // guarded by updateLock
    private int updateCount;                                            // guarded by updateLock
    private WsnioSelectionKey[] applying = new WsnioSelectionKey[16];  // selector thread only

    private final NativeNet net;
    private final long waitHandle;                                      // the poller's own handle, -1 if none
    private final ReentrantLock parkGate = new ReentrantLock();         // a virtual thread's park against close
    private PollerWaiter waiter;                                        // guarded by parkGate: see handedOverSelect
    private boolean wokenInPass;                                        // guarded by this: the last pass consumed a wake-up

    public WsnioSelector(SelectorProvider provider, NativeNet net) throws IOException {
        super(provider);
        this.net = net;
        this.poller = net.openPoller();
        this.waitHandle = poller.waitHandle();
    }

    private void ensureOpen() {
        if (!isOpen()) {
            throw new ClosedSelectorException();
        }
    }

    @Override
    public Set<SelectionKey> keys() {
        ensureOpen();
        return publicKeys;
    }

    @Override
    public Set<SelectionKey> selectedKeys() {
        ensureOpen();
        return selectedKeys;
    }

    @Override
    protected SelectionKey register(AbstractSelectableChannel ch, int ops, Object att) {
        if (!(ch instanceof NativeChannel)) {
            throw new IllegalSelectorException();
        }
        WsnioSelectionKey k = new WsnioSelectionKey(ch, this);
        k.attach(att);
        ensureOpen();
        keys.add(k);
        try {
            k.interestOps(ops);
        } catch (ClosedSelectorException e) {
            keys.remove(k);
            throw e;
        }
        return k;
    }

    void queueUpdate(WsnioSelectionKey k) {
        synchronized (updateLock) {
            if (k.updateQueued) {
                return;
            }
            if (updateCount == updates.length) {
                updates = java.util.Arrays.copyOf(updates, updateCount * 2);
            }
            k.updateQueued = true;
            updates[updateCount++] = k;
        }
    }

    /** Applies queued interest changes to the poller (selector thread, under the selector lock). */
    private void processUpdates() throws IOException {
        int n;
        synchronized (updateLock) {
            n = updateCount;
            if (n == 0) {
                return;
            }
            if (applying.length < n) {
                applying = new WsnioSelectionKey[updates.length];
            }
            System.arraycopy(updates, 0, applying, 0, n);
            for (int i = 0; i < n; i++) {
                updates[i].updateQueued = false;
                updates[i] = null;
            }
            updateCount = 0;
        }
        for (int i = 0; i < n; i++) {
            WsnioSelectionKey k = applying[i];
            applying[i] = null;
            if (!k.isValid()) {
                continue;
            }
            int events = k.nativeChannel.translateInterestOps(k.rawInterestOps());
            if (events == k.registeredEvents) {
                continue;
            }
            if (k.registeredEvents == 0) {
                poller.add(k.handle, events);
                byHandle.put(k.handle, k);
            } else if (events == 0) {
                poller.remove(k.handle);
                byHandle.remove(k.handle);
            } else {
                poller.modify(k.handle, events);
            }
            k.registeredEvents = events;
        }
    }

    /** Removes cancelled keys from the poller and the key sets; lets closed channels release handles. */
    private void processDeregistrations() throws IOException {
        Set<SelectionKey> cancelled = cancelledKeys();
        synchronized (cancelled) {
            if (cancelled.isEmpty()) {
                return;
            }
            Iterator<SelectionKey> it = cancelled.iterator();
            while (it.hasNext()) {
                WsnioSelectionKey k = (WsnioSelectionKey) it.next();
                it.remove();
                release(k);
            }
        }
    }

    private void release(WsnioSelectionKey k) throws IOException {
        if (k.registeredEvents != 0) {
            byHandle.remove(k.handle);
            k.registeredEvents = 0;
            try {
                poller.remove(k.handle);
            } catch (IOException ignore) {
                // the handle may already be gone from the poller; the key goes regardless
            }
        }
        keys.remove(k);
        selectedKeys.removeKey(k);
        deregister(k);
        if (!k.channel.isOpen()) {
            k.nativeChannel.kill();
        }
    }

    private boolean inSelect; // guarded by this: a selection is running (re-entry from an action throws)

    private int doSelect(Consumer<SelectionKey> action, long timeout) throws IOException {
        if (timeout != 0 && VirtualThreads.current() && ParkingPoller.available(net)) {
            return waitHandle >= 0 ? parkingSelect(action, timeout) : handedOverSelect(action, timeout);
        }
        return pass(action, timeout);
    }

    /**
     * A blocking select on a virtual thread, which must not hold its carrier in epoll_wait: passes
     * that do not wait ({@code selectNow}) alternate with parking on the provider's read poller
     * until the poller's own handle is readable (a channel is ready or a wake-up came), the time
     * runs out, or the thread is interrupted (begin() turns that into a wake-up). The park holds no
     * monitor (the selector's monitors would pin the carrier on JDK 21-23), only {@code parkGate},
     * which close takes before releasing the poller, so no park ever arms or disarms a released
     * handle number.
     */
    private int parkingSelect(Consumer<SelectionKey> action, long timeout) throws IOException {
        long deadline = timeout > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout) : 0;
        boolean first = true;
        begin();
        try {
            for (;;) {
                if (!first && !isOpen()) {
                    return 0; // closed during the select: it returns, as a select woken by close does
                }
                first = false;
                int n;
                boolean woken;
                synchronized (this) {
                    n = pass(action, 0);
                    woken = wokenInPass;
                }
                if (n > 0 || woken || Thread.currentThread().isInterrupted()) {
                    return n;
                }
                long left = 0;
                if (deadline != 0) {
                    left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return 0;
                    }
                }
                parkGate.lock();
                try {
                    if (!isOpen()) {
                        return 0;
                    }
                    assert !Thread.holdsLock(this) && !Thread.holdsLock(selectedKeys) : "a monitor is held across a park";
                    ParkingPoller.of(net, waitHandle, Readiness.IN).park(waitHandle, Readiness.IN, left, this);
                } finally {
                    parkGate.unlock();
                }
            }
        } finally {
            end();
        }
    }

    /**
     * A blocking select on a virtual thread where the poller has no handle of its own to park on
     * (Winsock): the wait in the poller is handed to this selector's {@link PollerWaiter} thread
     * and the virtual thread parks, holding no monitor, only {@code parkGate} (a
     * {@code java.util.concurrent} lock), which close takes before it releases the poller, so the
     * poller stays open under the wait; close's wake-up ends the wait first. Changes are applied
     * before the wait and reports collected after it, under the monitors, as in one pass.
     */
    private int handedOverSelect(Consumer<SelectionKey> action, long timeout) throws IOException {
        int millis = pollMillis(timeout);
        parkGate.lock();
        try {
            if (!isOpen()) {
                throw new ClosedSelectorException();
            }
            synchronized (this) {
                if (inSelect) {
                    throw new IllegalStateException("select in progress");
                }
                inSelect = true;
            }
            try {
                synchronized (this) {
                    synchronized (selectedKeys) {
                        beginSelection();
                    }
                }
                PollerWaiter w = waiter;
                if (w == null) {
                    w = waiter = new PollerWaiter(poller, "wsnio-selector-waiter");
                }
                int ready;
                begin(); // an interrupt wakes the poller up, which ends the wait
                try {
                    assert !Thread.holdsLock(this) && !Thread.holdsLock(selectedKeys) : "a monitor is held across a park";
                    ready = w.poll(millis);
                } finally {
                    end();
                }
                synchronized (this) {
                    synchronized (selectedKeys) {
                        return endSelection(ready, action);
                    }
                }
            } finally {
                synchronized (this) {
                    inSelect = false;
                }
            }
        } finally {
            parkGate.unlock();
        }
    }

    /** One selection: applies changes, polls up to {@code timeout} ms (-1 forever, 0 not at all), collects ready keys. */
    private int pass(Consumer<SelectionKey> action, long timeout) throws IOException {
        if (waitHandle >= 0) {
            return serializedPass(action, timeout);
        }
        // a poller without a handle of its own may be in a virtual thread's handed-over wait
        // (outside the monitors): selections queue on parkGate instead, as on the JDK's lock
        parkGate.lock();
        try {
            return serializedPass(action, timeout);
        } finally {
            parkGate.unlock();
        }
    }

    private int serializedPass(Consumer<SelectionKey> action, long timeout) throws IOException {
        synchronized (this) {
            ensureOpen();
            if (inSelect) {
                // a select(Consumer) action selecting again on its own thread (the monitors are reentrant)
                throw new IllegalStateException("select in progress");
            }
            inSelect = true;
            try {
                return passLocked(action, timeout);
            } finally {
                inSelect = false;
            }
        }
    }

    private int passLocked(Consumer<SelectionKey> action, long timeout) throws IOException {
        synchronized (this) {
            synchronized (selectedKeys) {
                beginSelection();
                int ready;
                boolean blocking = timeout != 0;
                if (blocking) {
                    begin();
                }
                try {
                    ready = poller.poll(pollMillis(timeout));
                } finally {
                    if (blocking) {
                        end();
                    }
                }
                return endSelection(ready, action);
            }
        }
    }

    /** A selection's timeout for the poller: -1 forever, else the milliseconds, capped at Integer.MAX_VALUE. */
    private static int pollMillis(long timeout) {
        return timeout < 0 ? -1 : (int) Math.min(timeout, Integer.MAX_VALUE);
    }

    /** Under both monitors, before the poll: a new selection, then cancelled keys and interest changes applied. */
    private void beginSelection() throws IOException {
        selectedKeys.newSelection();
        processDeregistrations();
        processUpdates();
    }

    /** Under both monitors, after a poll that reported {@code ready}: consumes a wake-up, collects the ready keys. */
    private int endSelection(int ready, Consumer<SelectionKey> action) throws IOException {
        wokenInPass = false;
        if (wakeupPending.get() && wakeupPending.getAndSet(false)) { // plain read first: no locked write per select
            poller.drainWakeup();
            wokenInPass = true;
        }
        processDeregistrations();
        return processReady(ready, action);
    }

    private int processReady(int ready, Consumer<SelectionKey> action) {
        int count = 0;
        for (int i = 0; i < ready; i++) {
            WsnioSelectionKey k = byHandle.get(poller.handleAt(i));
            if (k == null || !k.isValid()) {
                continue;
            }
            int interest = k.rawInterestOps();
            int ops = k.nativeChannel.translateReadyOps(poller.eventsAt(i), interest);
            if (action != null) {
                k.readyOps(ops);
                if ((ops & interest) != 0) {
                    action.accept(k);
                    ensureOpen();
                    count++;
                }
            } else if (selectedKeys.containsKey(k)) {
                int old = k.rawReadyOps();
                int now = old | ops;
                if (now != old) {
                    k.readyOps(now);
                    count++;
                }
            } else {
                k.readyOps(ops);
                if ((ops & interest) != 0) {
                    selectedKeys.addKey(k);
                    count++;
                }
            }
        }
        return count;
    }

    @Override
    public int selectNow() throws IOException {
        return doSelect(null, 0);
    }

    @Override
    public int select(long timeout) throws IOException {
        if (timeout < 0) {
            throw new IllegalArgumentException("Negative timeout");
        }
        return doSelect(null, timeout == 0 ? -1 : timeout);
    }

    @Override
    public int select() throws IOException {
        return doSelect(null, -1);
    }

    @Override
    public int select(Consumer<SelectionKey> action, long timeout) throws IOException {
        Objects.requireNonNull(action);
        if (timeout < 0) {
            throw new IllegalArgumentException("Negative timeout");
        }
        return doSelect(action, timeout == 0 ? -1 : timeout);
    }

    @Override
    public int select(Consumer<SelectionKey> action) throws IOException {
        Objects.requireNonNull(action);
        return doSelect(action, -1);
    }

    @Override
    public int selectNow(Consumer<SelectionKey> action) throws IOException {
        Objects.requireNonNull(action);
        return doSelect(action, 0);
    }

    @Override
    public Selector wakeup() {
        if (isOpen() && wakeupPending.compareAndSet(false, true)) {
            try {
                poller.wakeup();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return this;
    }

    @Override
    protected void implCloseSelector() throws IOException {
        wakeupPending.set(false);
        poller.wakeup();
        parkGate.lock(); // a virtual thread parked on the poller's handle leaves first
        try {
            synchronized (this) {
                synchronized (selectedKeys) {
                    processDeregistrations();
                    for (SelectionKey k : keys) {
                        k.cancel();
                    }
                    processDeregistrations();
                    if (waiter != null) {
                        waiter.stop();
                    }
                    poller.close();
                }
            }
        } finally {
            parkGate.unlock();
        }
    }
}

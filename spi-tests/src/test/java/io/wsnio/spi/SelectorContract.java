package io.wsnio.spi;

import static io.wsnio.spi.TestNet.TIMEOUT;
import static io.wsnio.spi.TestNet.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsnio.testkit.OpenSockets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.IllegalSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The {@link Selector} contract: every test passes on the JDK's own provider.
 */
public abstract class SelectorContract extends Closer {

    protected abstract SelectorProvider provider();

    // ---------------------------------------------------------------- helpers

    private Selector selector() throws IOException {
        return closeLater(provider().openSelector());
    }

    /** A connected pair with both ends in non-blocking mode. */
    private ConnectedPair pair() throws IOException {
        ConnectedPair p = closeLater(ConnectedPair.open(provider()));
        p.client().configureBlocking(false);
        p.server().configureBlocking(false);
        return p;
    }

    /** Milliseconds {@code call} took. */
    private static long millis(ThrowingRunnable call) throws Exception {
        long t0 = System.nanoTime();
        call.run();
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static void assertBlockedAbout(long expectedMillis, long actualMillis) {
        TestNet.assertWaitedAbout(expectedMillis, actualMillis, "select(" + expectedMillis + ")");
    }

    private static void assertPrompt(long actualMillis) {
        assertTrue(actualMillis < 2_000, "took " + actualMillis + " ms, expected an immediate return");
    }

    /** Waits (bounded) until {@code sel} has selected at least {@code n} keys in total. */
    private static Set<SelectionKey> selectUntil(Selector sel, int n) throws IOException {
        Set<SelectionKey> seen = new HashSet<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (seen.size() < n && System.nanoTime() < deadline) {
            sel.select(200);
            seen.addAll(sel.selectedKeys());
        }
        return seen;
    }

    /** A channel of the other provider (wsnio for the JDK's suite, the JDK for wsnio's): it must open. */
    private SocketChannel foreignChannel() throws IOException {
        return closeLater(Providers.other(provider()).openSocketChannel());
    }

    private Selector foreignSelector() throws IOException {
        return closeLater(Providers.other(provider()).openSelector());
    }

    // ---------------------------------------------------------------- basics

    @Test
    void newSelectorIsOpenAndEmpty() throws IOException {
        Selector sel = selector();
        assertTrue(sel.isOpen());
        assertTrue(sel.keys().isEmpty());
        assertTrue(sel.selectedKeys().isEmpty());
        assertSame(provider(), sel.provider());
        assertEquals(0, sel.selectNow());
    }

    @Test
    void registerCreatesAValidKeyWithItsChannelSelectorOpsAndAttachment() throws IOException {
        ConnectedPair p = pair();
        Selector sel = selector();
        Object att = new Object();
        SelectionKey key = p.client().register(sel, SelectionKey.OP_READ, att);
        assertTrue(key.isValid());
        assertSame(sel, key.selector());
        assertSame(p.client(), key.channel());
        assertEquals(SelectionKey.OP_READ, key.interestOps());
        assertSame(att, key.attachment());
        assertSame(att, key.attach("next"));
        assertEquals("next", key.attachment());
        assertTrue(p.client().isRegistered());
        assertSame(key, p.client().keyFor(sel));
        assertEquals(Set.of(key), sel.keys());
    }

    @Test
    void registeringAgainReturnsTheSameKeyWithNewOpsAndAttachment() throws IOException {
        ConnectedPair p = pair();
        Selector sel = selector();
        SelectionKey key = p.client().register(sel, SelectionKey.OP_READ, "a");
        SelectionKey again = p.client().register(sel, SelectionKey.OP_WRITE, "b");
        assertSame(key, again);
        assertEquals(SelectionKey.OP_WRITE, key.interestOps());
        assertEquals("b", key.attachment());
        assertEquals(1, sel.keys().size());
    }

    @Test
    void interestOpsValidationAndBitOperations() throws IOException {
        ConnectedPair p = pair();
        Selector sel = selector();
        SelectionKey key = p.client().register(sel, 0);
        assertEquals(0, key.interestOps());
        assertThrows(IllegalArgumentException.class, () -> key.interestOps(SelectionKey.OP_ACCEPT));
        assertSame(key, key.interestOps(SelectionKey.OP_READ));
        assertEquals(SelectionKey.OP_READ, key.interestOpsOr(SelectionKey.OP_WRITE));
        assertEquals(SelectionKey.OP_READ | SelectionKey.OP_WRITE, key.interestOps());
        assertEquals(SelectionKey.OP_READ | SelectionKey.OP_WRITE, key.interestOpsAnd(SelectionKey.OP_WRITE));
        assertEquals(SelectionKey.OP_WRITE, key.interestOps());
    }

    // ---------------------------------------------------------------- select variants

    @Test
    void selectNowReturnsZeroWhenNothingIsReady() throws IOException {
        ConnectedPair p = pair();
        Selector sel = selector();
        p.client().register(sel, SelectionKey.OP_READ);
        assertEquals(0, sel.selectNow());
        assertTrue(sel.selectedKeys().isEmpty());
    }

    @Test
    void selectNowReportsReadyKeysInTheSelectedSet() throws IOException {
        ConnectedPair p = pair();
        Selector sel = selector();
        SelectionKey key = p.client().register(sel, SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        assertEquals(1, sel.selectNow(), "a connected socket is writable");
        assertEquals(Set.of(key), sel.selectedKeys());
        assertTrue(key.isWritable());
        assertFalse(key.isReadable());
        assertEquals(SelectionKey.OP_WRITE, key.readyOps());
    }

    @Test
    void keyWithNoInterestIsNeverSelected() throws IOException {
        ConnectedPair p = pair();
        Selector sel = selector();
        p.client().register(sel, 0);
        p.server().write(ascii("data"));
        int[] n = {-1};
        long ms = assertTimeoutPreemptively(TIMEOUT, () -> millis(() -> n[0] = sel.select(300)));
        assertEquals(0, n[0]);
        assertBlockedAbout(300, ms);
        assertTrue(sel.selectedKeys().isEmpty());
    }

    @Test
    void selectBlocksUntilAChannelIsReady() throws Exception {
        ConnectedPair p = pair();
        Selector sel = selector();
        SelectionKey key = p.server().register(sel, SelectionKey.OP_READ);
        Background<Integer> selecting = Background.start("select", sel::select);
        selecting.awaitInside(sel.getClass(), "select", "doSelect");
        assertTrue(selecting.isAlive(), "select returned with nothing ready");
        p.client().write(ascii("go"));
        assertEquals(1, selecting.get());
        assertEquals(Set.of(key), sel.selectedKeys());
        assertTrue(key.isReadable());
    }

    @Test
    void selectWithTimeoutReturnsZeroAfterAboutTheTimeout() throws Exception {
        ConnectedPair p = pair();
        Selector sel = selector();
        p.client().register(sel, SelectionKey.OP_READ);
        int[] n = {-1};
        long ms = assertTimeoutPreemptively(TIMEOUT, () -> millis(() -> n[0] = sel.select(300)));
        assertEquals(0, n[0]);
        assertBlockedAbout(300, ms);
        // and an empty selector waits too
        Selector empty = selector();
        long ms2 = assertTimeoutPreemptively(TIMEOUT, () -> millis(() -> n[0] = empty.select(200)));
        assertEquals(0, n[0]);
        assertBlockedAbout(200, ms2);
    }

    @Test
    void selectWithNegativeTimeoutThrowsIllegalArgument() throws IOException {
        Selector sel = selector();
        assertThrows(IllegalArgumentException.class, () -> sel.select(-1));
        assertThrows(IllegalArgumentException.class, () -> sel.select(k -> { }, -1));
    }

    @Test
    void aKeyAlreadySelectedWithUnchangedReadyOpsIsNotCountedAgain() throws IOException {
        ConnectedPair p = pair();
        Selector sel = selector();
        SelectionKey key = p.client().register(sel, SelectionKey.OP_READ);
        p.server().write(ascii("x"));
        assertEquals(1, selectUntil(sel, 1).size());
        assertEquals(SelectionKey.OP_READ, key.readyOps());
        // still readable, still in the selected set: nothing was updated
        assertEquals(0, sel.selectNow());
        assertEquals(Set.of(key), sel.selectedKeys());
        // a new ready operation updates the key: counted, ready set accumulates
        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        assertEquals(1, sel.selectNow());
        assertEquals(SelectionKey.OP_READ | SelectionKey.OP_WRITE, key.readyOps());
        // removed from the selected set and still ready: selected again
        sel.selectedKeys().clear();
        assertEquals(1, sel.selectNow());
        assertEquals(Set.of(key), sel.selectedKeys());
    }

    @Test
    void readyOpsAreResetWhenAKeyIsAddedToTheSelectedSetAgain() throws IOException {
        ConnectedPair p = pair();
        Selector sel = selector();
        SelectionKey key = p.client().register(sel, SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        p.server().write(ascii("x"));
        selectUntil(sel, 1);
        assertEquals(SelectionKey.OP_READ | SelectionKey.OP_WRITE, key.readyOps());
        p.client().read(ByteBuffer.allocate(8));
        sel.selectedKeys().clear();
        assertEquals(1, sel.selectNow());
        assertEquals(SelectionKey.OP_WRITE, key.readyOps(), "ready set recomputed, not accumulated");
    }

    @Test
    void selectWithConsumerInvokesTheActionAndLeavesTheSelectedSetAlone() throws Exception {
        ConnectedPair p = pair();
        Selector sel = selector();
        SelectionKey key = p.client().register(sel, SelectionKey.OP_WRITE);
        List<SelectionKey> seen = new ArrayList<>();
        List<Integer> ready = new ArrayList<>();
        Consumer<SelectionKey> action = k -> {
            seen.add(k);
            ready.add(k.readyOps());
        };
        int n = assertTimeoutPreemptively(TIMEOUT, () -> sel.select(action));
        assertEquals(1, n);
        assertEquals(List.of(key), seen);
        assertEquals(List.of(SelectionKey.OP_WRITE), ready);
        assertTrue(sel.selectedKeys().isEmpty(), "the Consumer variants do not use the selected set");

        seen.clear();
        assertEquals(1, sel.selectNow(action));
        assertEquals(List.of(key), seen);
        seen.clear();
        assertEquals(1, sel.select(action, 1000));
        assertEquals(List.of(key), seen);
        assertTrue(sel.selectedKeys().isEmpty());
    }

    @Test
    void consumerVariantsWithNothingReady() throws Exception {
        ConnectedPair p = pair();
        Selector sel = selector();
        p.client().register(sel, SelectionKey.OP_READ);
        List<SelectionKey> seen = new ArrayList<>();
        assertEquals(0, sel.selectNow(seen::add));
        int[] n = {-1};
        long ms = assertTimeoutPreemptively(TIMEOUT, () -> millis(() -> n[0] = sel.select(seen::add, 300)));
        assertEquals(0, n[0]);
        assertBlockedAbout(300, ms);
        assertTrue(seen.isEmpty());
        assertThrows(NullPointerException.class, () -> sel.selectNow(null));
    }

    @Test
    void consumerActionExceptionPropagatesOutOfSelect() throws IOException {
        ConnectedPair p = pair();
        Selector sel = selector();
        p.client().register(sel, SelectionKey.OP_WRITE);
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> sel.selectNow(k -> {
                    throw boom;
                }));
        assertSame(boom, thrown);
        assertTrue(sel.isOpen());
        assertEquals(1, sel.selectNow(k -> { }), "selector still usable");
    }

    @Test
    void consumerCanCancelTheKeyItIsGiven() throws IOException {
        ConnectedPair p = pair();
        Selector sel = selector();
        SelectionKey key = p.client().register(sel, SelectionKey.OP_WRITE);
        assertEquals(1, sel.selectNow(SelectionKey::cancel));
        assertFalse(key.isValid());
        sel.selectNow();
        assertFalse(sel.keys().contains(key));
    }

    // ---------------------------------------------------------------- wakeup

    @Test
    void wakeupBeforeSelectMakesTheNextSelectReturnImmediatelyOnlyOnce() throws Exception {
        ConnectedPair p = pair();
        Selector sel = selector();
        p.client().register(sel, SelectionKey.OP_READ);
        assertSame(sel, sel.wakeup());
        sel.wakeup(); // several wakeups before a select collapse into one
        int[] n = {-1};
        long ms = assertTimeoutPreemptively(TIMEOUT, () -> millis(() -> n[0] = sel.select()));
        assertEquals(0, n[0]);
        assertPrompt(ms);
        long again = assertTimeoutPreemptively(TIMEOUT, () -> millis(() -> sel.select(300)));
        assertBlockedAbout(300, again);
    }

    @Test
    void wakeupBeforeTimedSelectAndConsumerSelect() throws Exception {
        Selector sel = selector();
        sel.wakeup();
        long ms = assertTimeoutPreemptively(TIMEOUT, () -> millis(() -> sel.select(10_000)));
        assertPrompt(ms);
        sel.wakeup();
        long ms2 = assertTimeoutPreemptively(TIMEOUT, () -> millis(() -> sel.select(k -> { })));
        assertPrompt(ms2);
    }

    @Test
    void selectNowClearsAPendingWakeup() throws Exception {
        Selector sel = selector();
        sel.wakeup();
        assertEquals(0, sel.selectNow());
        long ms = assertTimeoutPreemptively(TIMEOUT, () -> millis(() -> sel.select(300)));
        assertBlockedAbout(300, ms);
    }

    @Test
    void wakeupFromAnotherThreadEndsABlockingSelect() throws Exception {
        ConnectedPair p = pair();
        Selector sel = selector();
        p.client().register(sel, SelectionKey.OP_READ);
        for (int round = 0; round < 3; round++) {
            Background<Integer> selecting = Background.start("select", sel::select);
            selecting.awaitInside(sel.getClass(), "select", "doSelect");
            assertTrue(selecting.isAlive(), "select returned with nothing ready");
            sel.wakeup();
            assertEquals(0, selecting.get(), "round " + round);
        }
    }

    @Test
    void wakeupFromAnotherThreadEndsATimedSelectEarly() throws Exception {
        Selector sel = selector();
        long t0 = System.nanoTime();
        Background<Integer> selecting = Background.start("select", () -> sel.select(60_000));
        selecting.awaitInside(sel.getClass(), "select", "doSelect");
        sel.wakeup();
        assertEquals(0, selecting.get());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 30_000);
    }

    @Test
    void interestOpsChangedFromAnotherThreadTakeEffectAfterAWakeup() throws Exception {
        ConnectedPair p = pair();
        Selector sel = selector();
        SelectionKey key = p.client().register(sel, 0);
        Background<Set<SelectionKey>> selecting = Background.start("select", () -> {
            while (sel.select() == 0) {
                // woken without a ready key: select again with the updated interest set
            }
            return new HashSet<>(sel.selectedKeys());
        });
        selecting.awaitInside(sel.getClass(), "select", "doSelect");
        assertTrue(selecting.isAlive(), "select returned with no interest registered");
        // changing the interest set must not block while another thread is in select
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                () -> key.interestOps(SelectionKey.OP_WRITE));
        sel.wakeup();
        assertEquals(Set.of(key), selecting.get());
        assertTrue(key.isWritable());
    }

    @Test
    void keyCancelledFromAnotherThreadWhileSelectBlocksIsNeverSelected() throws Exception {
        ConnectedPair p = pair();
        Selector sel = selector();
        SelectionKey key = p.client().register(sel, SelectionKey.OP_READ);
        Background<Integer> selecting = Background.start("select", sel::select);
        selecting.awaitInside(sel.getClass(), "select", "doSelect");
        assertTrue(selecting.isAlive(), "select returned with nothing ready");
        // cancelling must not wait for the select; the cancelled key's channel then becomes readable
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), key::cancel);
        assertFalse(key.isValid());
        p.server().write(ascii("data"));
        sel.wakeup();
        int n = selecting.get();
        assertEquals(0, n, "a cancelled key was selected");
        assertFalse(sel.selectedKeys().contains(key));
        assertFalse(sel.keys().contains(key), "the select deregistered the cancelled key");
        assertEquals(0, sel.selectNow());
        SelectionKey again = p.client().register(sel, SelectionKey.OP_READ);
        assertEquals(1, sel.selectNow(), "registered again, the channel is selected for its data");
        assertTrue(again.isReadable());
    }

    @Test
    void registerFromAnotherThreadWhileSelectBlocksDoesNotDeadlock() throws Exception {
        ConnectedPair p = pair();
        Selector sel = selector();
        Background<Set<SelectionKey>> selecting = Background.start("select", () -> {
            while (sel.select() == 0) {
                // woken without a ready key: select again with the new registration
            }
            return new HashSet<>(sel.selectedKeys());
        });
        selecting.awaitInside(sel.getClass(), "select", "doSelect");
        SelectionKey key = assertTimeoutPreemptively(java.time.Duration.ofSeconds(5),
                () -> p.client().register(sel, SelectionKey.OP_WRITE));
        sel.wakeup();
        assertEquals(Set.of(key), selecting.get());
    }

    @Test
    void interruptEndsABlockingSelectAndKeepsTheInterruptStatus() throws Exception {
        Selector sel = selector();
        Background<Integer> selecting = Background.start("select", sel::select);
        selecting.awaitInside(sel.getClass(), "select", "doSelect");
        selecting.interruptBounded();
        assertEquals(0, selecting.get());
        assertTrue(selecting.interruptedAtEnd(), "interrupt status must stay set");
        assertTrue(sel.isOpen(), "an interrupt does not close the selector");
        assertEquals(0, sel.selectNow());
    }

    @Test
    void selectWithInterruptStatusAlreadySetReturnsImmediately() throws Exception {
        Selector sel = selector();
        Background<Long> selecting = Background.start("select", () -> {
            Thread.currentThread().interrupt();
            return millis(() -> sel.select(30_000));
        });
        assertPrompt(selecting.get());
        assertTrue(selecting.interruptedAtEnd());
        assertTrue(sel.isOpen());
    }

    // ---------------------------------------------------------------- cancel

    @Test
    void cancelledKeyLeavesTheKeySetAtTheNextSelectAndTheChannelCanRegisterAgain() throws IOException {
        ConnectedPair p = pair();
        Selector sel = selector();
        SelectionKey key = p.client().register(sel, SelectionKey.OP_READ);
        key.cancel();
        assertFalse(key.isValid());
        key.cancel(); // idempotent
        assertTrue(sel.keys().contains(key), "a cancelled key stays in keys() until the next selection");
        assertEquals(0, sel.selectNow());
        assertFalse(sel.keys().contains(key));
        assertFalse(p.client().isRegistered());
        assertNull(p.client().keyFor(sel));

        SelectionKey again = p.client().register(sel, SelectionKey.OP_WRITE);
        assertNotSame(key, again);
        assertTrue(again.isValid());
        assertEquals(1, sel.selectNow());
        assertEquals(Set.of(again), sel.selectedKeys());
    }

    @Test
    void registeringACancelledKeysChannelBeforeTheNextSelectThrowsCancelledKey() throws IOException {
        ConnectedPair p = pair();
        Selector sel = selector();
        SelectionKey key = p.client().register(sel, SelectionKey.OP_READ);
        key.cancel();
        assertThrows(CancelledKeyException.class, () -> p.client().register(sel, SelectionKey.OP_READ));
    }

    @Test
    void operationsOnACancelledKeyThrowCancelledKey() throws IOException {
        ConnectedPair p = pair();
        Selector sel = selector();
        SelectionKey key = p.client().register(sel, SelectionKey.OP_READ, "att");
        key.cancel();
        assertThrows(CancelledKeyException.class, key::interestOps);
        assertThrows(CancelledKeyException.class, () -> key.interestOps(SelectionKey.OP_WRITE));
        assertThrows(CancelledKeyException.class, key::readyOps);
        assertThrows(CancelledKeyException.class, key::isReadable);
        assertEquals("att", key.attachment(), "the attachment survives cancellation");
        assertSame(sel, key.selector());
        assertSame(p.client(), key.channel());
    }

    @Test
    void cancelledSelectedKeyIsRemovedFromTheSelectedSetAtTheNextSelect() throws IOException {
        ConnectedPair p = pair();
        Selector sel = selector();
        SelectionKey key = p.client().register(sel, SelectionKey.OP_WRITE);
        assertEquals(1, sel.selectNow());
        key.cancel();
        sel.selectNow();
        assertFalse(sel.selectedKeys().contains(key));
        assertFalse(sel.keys().contains(key));
    }

    @Test
    void channelClosedWhileRegisteredIsDeregisteredByTheNextSelect() throws IOException {
        ConnectedPair p = pair();
        Selector sel = selector();
        SelectionKey key = p.client().register(sel, SelectionKey.OP_READ);
        SelectionKey other = p.server().register(sel, SelectionKey.OP_READ);
        p.client().close();
        assertFalse(key.isValid(), "closing a channel cancels its keys");
        sel.selectNow();
        assertEquals(Set.of(other), sel.keys());
        assertFalse(p.client().isRegistered());
        // the peer of the closed channel sees end of stream through the selector
        assertEquals(Set.of(other), selectUntil(sel, 1));
        assertEquals(-1, p.server().read(ByteBuffer.allocate(1)));
    }

    @Test
    void channelClosedWhileSelectBlocksIsDeregistered() throws Exception {
        ConnectedPair p = pair();
        Selector sel = selector();
        SelectionKey key = p.client().register(sel, SelectionKey.OP_READ);
        Background<Integer> selecting = Background.start("select", () -> sel.select(60_000));
        selecting.awaitInside(sel.getClass(), "select", "doSelect");
        p.client().close();
        sel.wakeup();
        selecting.get();
        sel.selectNow();
        assertFalse(sel.keys().contains(key));
        assertFalse(p.client().isRegistered());
    }

    // ---------------------------------------------------------------- close

    @Test
    void closeInvalidatesKeysButLeavesChannelsOpen() throws IOException {
        ConnectedPair p = pair();
        Selector sel = selector();
        SelectionKey k1 = p.client().register(sel, SelectionKey.OP_READ);
        SelectionKey k2 = p.server().register(sel, SelectionKey.OP_WRITE);
        sel.close();
        assertFalse(sel.isOpen());
        assertFalse(k1.isValid());
        assertFalse(k2.isValid());
        assertTrue(p.client().isOpen());
        assertTrue(p.server().isOpen());
        assertFalse(p.client().isRegistered(), "closing the selector deregisters its channels");
        assertNull(p.client().keyFor(sel));
        // channels still work and can block again
        p.client().configureBlocking(true);
        p.client().write(ascii("z"));
        sel.close(); // idempotent
    }

    @Test
    void operationsOnAClosedSelectorThrowClosedSelector() throws IOException {
        ConnectedPair p = pair();
        Selector sel = selector();
        sel.close();
        assertThrows(ClosedSelectorException.class, sel::select);
        assertThrows(ClosedSelectorException.class, () -> sel.select(10));
        assertThrows(ClosedSelectorException.class, sel::selectNow);
        assertThrows(ClosedSelectorException.class, () -> sel.select(k -> { }));
        assertThrows(ClosedSelectorException.class, () -> sel.select(k -> { }, 10));
        assertThrows(ClosedSelectorException.class, () -> sel.selectNow(k -> { }));
        assertThrows(ClosedSelectorException.class, sel::keys);
        assertThrows(ClosedSelectorException.class, sel::selectedKeys);
        assertThrows(ClosedSelectorException.class, () -> p.client().register(sel, SelectionKey.OP_READ));
        sel.wakeup(); // allowed on a closed selector
    }

    @Test
    void closeFromAnotherThreadEndsABlockingSelect() throws Exception {
        Selector sel = selector();
        Background<Integer> selecting = Background.start("select", sel::select);
        selecting.awaitInside(sel.getClass(), "select", "doSelect");
        assertTimeoutPreemptively(TIMEOUT, sel::close);
        selecting.join(TIMEOUT); // returned, or threw ClosedSelectorException: either way not stuck
        assertFalse(sel.isOpen());
    }

    // ---------------------------------------------------------------- key sets

    @Test
    void keysIsUnmodifiable() throws IOException {
        ConnectedPair p = pair();
        Selector sel = selector();
        SelectionKey key = p.client().register(sel, SelectionKey.OP_READ);
        Set<SelectionKey> keys = sel.keys();
        assertThrows(UnsupportedOperationException.class, () -> keys.add(key));
        assertThrows(UnsupportedOperationException.class, () -> keys.remove(key));
        assertThrows(UnsupportedOperationException.class, keys::clear);
        Iterator<SelectionKey> it = keys.iterator();
        it.next();
        assertThrows(UnsupportedOperationException.class, it::remove);
        assertEquals(Set.of(key), sel.keys());
    }

    @Test
    void selectedKeysSupportRemovalButNotAddition() throws IOException {
        ConnectedPair p = pair();
        Selector sel = selector();
        SelectionKey k1 = p.client().register(sel, SelectionKey.OP_WRITE);
        SelectionKey k2 = p.server().register(sel, SelectionKey.OP_WRITE);
        assertEquals(2, sel.selectNow());
        Set<SelectionKey> selected = sel.selectedKeys();
        assertEquals(Set.of(k1, k2), selected);
        assertThrows(UnsupportedOperationException.class, () -> selected.add(k1));
        assertThrows(UnsupportedOperationException.class, () -> selected.addAll(List.of(k1)));
        assertTrue(selected.remove(k1));
        assertEquals(Set.of(k2), sel.selectedKeys());
        Iterator<SelectionKey> it = selected.iterator();
        assertSame(k2, it.next());
        it.remove();
        assertTrue(sel.selectedKeys().isEmpty());
        assertTrue(k1.isValid() && k2.isValid(), "removing from the selected set does not cancel");
        assertEquals(2, sel.selectNow());
        sel.selectedKeys().clear();
        assertTrue(sel.selectedKeys().isEmpty());
    }

    // ---------------------------------------------------------------- foreign channels

    @Test
    void aChannelOfAnotherProviderCannotRegister() throws IOException {
        SocketChannel foreign = foreignChannel();
        foreign.configureBlocking(false);
        Selector sel = selector();
        assertThrows(IllegalSelectorException.class, () -> foreign.register(sel, SelectionKey.OP_READ));
        assertFalse(foreign.isRegistered());
        assertTrue(sel.keys().isEmpty());
    }

    @Test
    void aChannelOfThisProviderCannotRegisterWithAnotherProvidersSelector() throws IOException {
        Selector foreign = foreignSelector();
        SocketChannel ch = closeLater(provider().openSocketChannel());
        ch.configureBlocking(false);
        assertThrows(IllegalSelectorException.class, () -> ch.register(foreign, SelectionKey.OP_READ));
        assertFalse(ch.isRegistered());
    }

    // ---------------------------------------------------------------- mixed and many

    @Test
    void listenerAndConnectingChannelsShareASelector() throws Exception {
        Selector sel = selector();
        ServerSocketChannel listener = closeLater(provider().openServerSocketChannel());
        listener.bind(new java.net.InetSocketAddress(TestNet.LOOPBACK4, 0));
        listener.configureBlocking(false);
        SelectionKey acceptKey = listener.register(sel, SelectionKey.OP_ACCEPT);
        SocketChannel client = closeLater(provider().openSocketChannel());
        client.configureBlocking(false);
        SelectionKey connectKey = client.register(sel, SelectionKey.OP_CONNECT);
        if (client.connect(listener.getLocalAddress())) {
            connectKey.interestOps(0);
        }
        SocketChannel accepted = null;
        boolean connected = client.isConnected();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while ((accepted == null || !connected) && System.nanoTime() < deadline) {
            sel.select(200);
            for (SelectionKey k : sel.selectedKeys()) {
                if (k == acceptKey && k.isAcceptable()) {
                    accepted = closeLater(listener.accept());
                }
                if (k == connectKey && k.isConnectable()) {
                    connected = client.finishConnect();
                    k.interestOps(0);
                }
            }
            sel.selectedKeys().clear();
        }
        assertTrue(connected, "never connected");
        assertTrue(accepted != null, "never accepted");
        assertEquals(client.getLocalAddress(), accepted.getRemoteAddress());
    }

    @Test
    void manyRegisteredChannelsOnlyTheReadyOnesAreSelected() throws Exception {
        int count = 200;
        Selector sel = selector();
        List<ConnectedPair> pairs = new ArrayList<>();
        List<SelectionKey> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ConnectedPair p = pair();
            pairs.add(p);
            keys.add(p.server().register(sel, SelectionKey.OP_READ, i));
        }
        assertEquals(count, sel.keys().size());
        assertEquals(0, sel.selectNow());
        int[] ready = {3, 101, 199};
        for (int i : ready) {
            pairs.get(i).client().write(ascii("r" + i));
        }
        Set<SelectionKey> selected = assertTimeoutPreemptively(TIMEOUT, () -> selectUntil(sel, ready.length));
        Set<Object> attachments = new HashSet<>();
        for (SelectionKey k : selected) {
            assertTrue(k.isReadable());
            attachments.add(k.attachment());
        }
        assertEquals(Set.of(3, 101, 199), attachments);
        assertEquals(0, sel.select(100), "nothing else became ready, the ready ones are unchanged");
        assertEquals(ready.length, sel.selectedKeys().size());

        // close half of them, the rest stays registered
        for (int i = 0; i < count; i += 2) {
            pairs.get(i).server().close();
        }
        sel.selectNow();
        assertEquals(count / 2, sel.keys().size());
    }

    @Test
    void closingRegisteredChannelsReleasesTheirDescriptorsAfterTheNextSelect() throws Exception {
        OpenSockets.assumeCountable();
        Selector sel = selector();
        sel.selectNow();
        long before = OpenSockets.settledCount();
        List<ConnectedPair> pairs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ConnectedPair p = ConnectedPair.open(provider());
            p.client().configureBlocking(false);
            p.server().configureBlocking(false);
            p.client().register(sel, SelectionKey.OP_READ);
            p.server().register(sel, SelectionKey.OP_READ);
            pairs.add(p);
        }
        assertTrue(OpenSockets.count() >= before + 100, "100 sockets should be open: " + OpenSockets.what());
        for (ConnectedPair p : pairs) {
            p.close();
        }
        sel.selectNow(); // deregisters the cancelled keys: the descriptors can now be released
        long after = OpenSockets.count();
        assertTrue(after <= before + 3, OpenSockets.what() + " before " + before + ", after closing " + after);
        assertTrue(sel.keys().isEmpty());
    }

    @Test
    void keyForAChannelRegisteredWithTwoSelectors() throws IOException {
        ConnectedPair p = pair();
        Selector a = selector();
        Selector b = selector();
        SelectionKey ka = p.client().register(a, SelectionKey.OP_READ);
        SelectionKey kb = p.client().register(b, SelectionKey.OP_WRITE);
        assertNotSame(ka, kb);
        assertSame(ka, p.client().keyFor(a));
        assertSame(kb, p.client().keyFor(b));
        assertEquals(0, a.selectNow());
        assertEquals(1, b.selectNow());
        ka.cancel();
        a.selectNow();
        assertTrue(p.client().isRegistered(), "still registered with the other selector");
        assertTrue(kb.isValid());
    }

    // ---------------------------------------------------------------- key sets and re-entrant selection

    /** Neither key set grows from outside: add and addAll throw UnsupportedOperationException for anything. */
    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void keySetsRefuseAdditionsOfAnyKind() throws Exception {
        Selector sel = selector();
        ConnectedPair p = pair();
        p.client().configureBlocking(false);
        SelectionKey key = p.client().register(sel, SelectionKey.OP_WRITE);
        for (Set<SelectionKey> set : List.of(sel.keys(), sel.selectedKeys())) {
            Set raw = set;
            assertThrows(UnsupportedOperationException.class, () -> set.add(key));
            assertThrows(UnsupportedOperationException.class, () -> raw.add("not a key"));
            assertThrows(UnsupportedOperationException.class, () -> raw.add(null));
            assertThrows(UnsupportedOperationException.class, () -> set.addAll(List.of(key)));
            assertThrows(UnsupportedOperationException.class, () -> raw.addAll(List.of("not a key")));
        }
    }

    /**
     * A selection operation called from inside a select(Consumer) action is a re-entrant
     * selection: it throws IllegalStateException, and the outer select goes on and returns.
     */
    @Test
    void selectFromInsideASelectActionThrowsIllegalStateAndTheOuterSelectReturns() throws Exception {
        Selector sel = selector();
        ConnectedPair p = pair();
        p.client().configureBlocking(false);
        p.client().register(sel, SelectionKey.OP_WRITE);
        List<Throwable> inner = new ArrayList<>();
        int n = assertTimeoutPreemptively(TIMEOUT, () -> sel.select(k -> {
            for (ThrowingRunnable call : List.<ThrowingRunnable>of(sel::selectNow, () -> sel.select(1), sel::select,
                    () -> sel.selectNow(x -> { }))) {
                try {
                    call.run();
                    inner.add(null);
                } catch (Throwable t) {
                    inner.add(t);
                }
            }
        }));
        assertEquals(1, n);
        assertEquals(4, inner.size());
        for (Throwable t : inner) {
            assertInstanceOf(IllegalStateException.class, t, "a selection inside the action");
        }
        // an exception from the action ends the select, and the selector stays usable
        assertThrows(IllegalStateException.class, () -> sel.select(k -> {
            try {
                sel.selectNow();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, TIMEOUT.toMillis()));
        assertEquals(1, assertTimeoutPreemptively(TIMEOUT, () -> sel.select(k -> { }, TIMEOUT.toMillis())));
    }
}

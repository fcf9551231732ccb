package io.wsnio.channels;

import java.util.AbstractSet;
import java.util.Collection;

/**
 * A set callers may shrink but never grow, as a selector's selected-key set: {@code add} and
 * {@code addAll} throw UnsupportedOperationException whatever they are given. {@code add} takes
 * the type variable, whose erasure is Object, so no compiler-made bridge casts the argument
 * first (which turned {@code add("x")} on a raw set into a ClassCastException).
 */
abstract class UngrowableSet<E> extends AbstractSet<E> {
    @Override
    public final boolean add(E e) {
        throw new UnsupportedOperationException("elements cannot be added to this set");
    }

    @Override
    public final boolean addAll(Collection<? extends E> c) {
        throw new UnsupportedOperationException("elements cannot be added to this set");
    }
}

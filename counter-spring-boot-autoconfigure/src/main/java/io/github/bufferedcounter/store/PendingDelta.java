package io.github.bufferedcounter.store;

/**
 * A buffered delta, as listed for operators.
 *
 * @param key the counter
 * @param delta the buffered sum
 */
public record PendingDelta(CounterKey key, long delta) {

}

package io.github.bufferedcounter.store;

/**
 * A delta of a batch that failed on its own (a column overflow, a malformed key) while the
 * rest of the batch was written. On acknowledge the store puts it back for another attempt,
 * or parks it as a dead letter once it has failed too often.
 *
 * @param key the counter
 * @param delta the amount that was not written
 * @param error what went wrong
 */
public record RejectedDelta(CounterKey key, long delta, String error) {

}

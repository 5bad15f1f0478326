package io.github.bufferedcounter;

import java.time.LocalDateTime;

/**
 * One bucket of a {@link CounterRollup}: the deltas committed in one period, flushed or still
 * pending.
 *
 * @param start the local start of the period in the rollup time zone
 * @param count the sum of the deltas committed in the period
 */
public record CounterBucket(LocalDateTime start, long count) {
}

/**
 * Rollup buckets: per-period sums of a counter, buffered as keys of their own and written to
 * {@code buffered_counter_rollup}.
 */
@NullMarked
package io.github.bufferedcounter.rollup;

import org.jspecify.annotations.NullMarked;

package io.github.bufferedcounter;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Also records every change of a {@link BufferedCounter @BufferedCounter} field into time
 * buckets, for a chart such as views per day: <pre class="code">
 * &#64;BufferedCounter
 * &#64;CounterRollup(RollupPeriod.DAY)
 * long views;
 *
 * List&lt;CounterBucket&gt; lastWeek = counters.series(Post_.views, postId, RollupPeriod.DAY,
 *         today.minusDays(7).atStartOfDay(), today.plusDays(1).atStartOfDay());
 * </pre>
 * A bucket holds the sum of the deltas committed while it was the current period, in the time
 * zone {@code buffered-counter.rollup.time-zone}. Buckets live in the starter's table
 * {@code buffered_counter_rollup}, one row per counter, holder row, period and bucket start.
 * They are flushed with the column's delta in the same transaction and under the same batch
 * id, so each bucket is written exactly once, like the column. Old buckets are never deleted:
 * retention is the application's.
 *
 * @see BufferedCounters#series
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface CounterRollup {

	/**
	 * The periods to keep buckets of, for example {@code {RollupPeriod.HOUR, RollupPeriod.DAY}}.
	 * @return one or more periods
	 */
	RollupPeriod[] value();

}

/**
 * What applications touch: {@link io.github.bufferedcounter.BufferedCounter @BufferedCounter},
 * {@code @CounterRollup} and {@link io.github.bufferedcounter.RollupPeriod}, the
 * {@link io.github.bufferedcounter.BufferedCounters} service and the value types it returns.
 */
@NullMarked
package io.github.bufferedcounter;

import org.jspecify.annotations.NullMarked;

/**
 * Micrometer metrics for buffered counters.
 */
@NullMarked
package io.github.bufferedcounter.actuate.metrics;

import org.jspecify.annotations.NullMarked;

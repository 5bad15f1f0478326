/**
 * Micrometer metrics for buffered counters.
 */
package io.github.bufferedcounter.actuate.metrics;

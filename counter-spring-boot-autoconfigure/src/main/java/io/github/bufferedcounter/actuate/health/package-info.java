/**
 * Health indicator for buffered counters.
 */
package io.github.bufferedcounter.actuate.health;

/**
 * Health indicator for buffered counters.
 */
@NullMarked
package io.github.bufferedcounter.actuate.health;

import org.jspecify.annotations.NullMarked;

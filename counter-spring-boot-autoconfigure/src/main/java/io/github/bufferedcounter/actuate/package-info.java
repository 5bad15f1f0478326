/**
 * The {@code counters} actuator endpoint.
 */
@NullMarked
package io.github.bufferedcounter.actuate;

import org.jspecify.annotations.NullMarked;

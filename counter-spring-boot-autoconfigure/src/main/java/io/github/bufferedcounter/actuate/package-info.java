/**
 * The {@code counters} actuator endpoint.
 */
package io.github.bufferedcounter.actuate;

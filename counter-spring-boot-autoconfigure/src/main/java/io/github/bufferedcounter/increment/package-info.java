/**
 * The {@code BufferedCounters} implementation and the hand-off of a transaction's increments
 * to the store when it commits.
 */
@NullMarked
package io.github.bufferedcounter.increment;

import org.jspecify.annotations.NullMarked;

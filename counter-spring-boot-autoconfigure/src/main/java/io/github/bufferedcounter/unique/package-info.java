/**
 * Unique counters: the {@link io.github.bufferedcounter.unique.UniqueCounts} SPI, a sketch and a
 * mark per counted cell.
 */
@NullMarked
package io.github.bufferedcounter.unique;

import org.jspecify.annotations.NullMarked;

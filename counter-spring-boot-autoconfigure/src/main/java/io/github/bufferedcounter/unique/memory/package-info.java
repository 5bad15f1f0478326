/**
 * Unique counts in process, with DataSketches HyperLogLog sketches.
 */
@NullMarked
package io.github.bufferedcounter.unique.memory;

import org.jspecify.annotations.NullMarked;

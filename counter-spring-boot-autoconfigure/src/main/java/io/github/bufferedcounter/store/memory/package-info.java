/**
 * The delta store on the heap of one instance, and the local aggregation that sums increments
 * in process before they reach a shared store.
 */
@NullMarked
package io.github.bufferedcounter.store.memory;

import org.jspecify.annotations.NullMarked;

/**
 * The delta store SPI ({@link io.github.bufferedcounter.store.DeltaStore}) and its value types;
 * {@code store.redis} and {@code store.memory} implement it.
 */
@NullMarked
package io.github.bufferedcounter.store;

import org.jspecify.annotations.NullMarked;

/**
 * Support for the application's own tests: {@link AutoConfigureBufferedCounters} for test
 * slices and Redis-free contexts, and {@link TestTransactionFlush} for tests that run in a
 * rolled-back transaction.
 */
@NullMarked
package io.github.bufferedcounter.test;

import org.jspecify.annotations.NullMarked;

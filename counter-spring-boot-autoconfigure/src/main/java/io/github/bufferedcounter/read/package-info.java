/**
 * Reading counters back: the database value plus what the buffer still holds, consistent
 * while flushes run.
 */
@NullMarked
package io.github.bufferedcounter.read;

import org.jspecify.annotations.NullMarked;

/**
 * Reading counters back: the database value plus what the buffer still holds, consistent
 * while flushes run.
 */
package io.github.bufferedcounter.read;

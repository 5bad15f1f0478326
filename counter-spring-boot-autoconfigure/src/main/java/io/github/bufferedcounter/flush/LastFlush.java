package io.github.bufferedcounter.flush;

import java.time.Instant;

import io.github.bufferedcounter.FlushResult;

/**
 * The last flush of this instance that did something or failed.
 *
 * @param time when it ended
 * @param result what it wrote; {@link FlushResult#EMPTY} if it failed
 * @param outcome {@code ok}, {@code retrying} (a batch waits for a backoff) or
 * {@code failed: <message>}
 */
public record LastFlush(Instant time, FlushResult result, String outcome) {

}

package io.github.bufferedcounter;

/**
 * One row of a leaderboard read by {@link BufferedCounters#top}: a row's id and its current
 * value, the database value plus everything pending.
 *
 * @param <I> the entity's id type
 * @param id the row's id, of the entity's id type
 * @param value the counter's current value
 */
public record RankedCount<I>(I id, long value) {
}

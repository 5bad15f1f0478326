package io.github.bufferedcounter.sample;

import java.util.List;
import java.util.Locale;

/**
 * What a load demo run did and whether the database agrees.
 *
 * @param increments increments sent through {@code BufferedCounters}
 * @param views of which views
 * @param likes of which likes
 * @param comments of which comments (each one a committed insert, counted by the counter caches)
 * @param approvedComments of the comments, those created approved
 * @param posts posts the increments went to
 * @param counters counters per post
 * @param distinctKeys distinct (post, counter) pairs that got at least one increment
 * @param rowUpdates row updates the flushes issued while the run lasted (rows updated), the sum of
 * {@code FlushResult.rows()}
 * @param flushes flushes that wrote something while the run lasted
 * @param loadSeconds how long sending the increments took
 * @param drainSeconds how long it then took until everything was in the database
 * @param incrementsPerSecond the send rate
 * @param checks per counter, what the database should hold and what it holds
 * @param totalsMatch whether every counter of every post holds its value before the run plus
 * what was sent
 * @param commentCountsMatch whether each post's {@code commentCount} and {@code approvedComments}
 * equal its numbers of comment rows and approved comment rows
 * @param mismatches the first differences found, if any
 */
public record LoadSummary(long increments, long views, long likes, long comments, long approvedComments, int posts,
		int counters, int distinctKeys, long rowUpdates, long flushes, double loadSeconds, double drainSeconds,
		long incrementsPerSecond, List<Check> checks, boolean totalsMatch, boolean commentCountsMatch,
		List<String> mismatches) {

	/**
	 * Whether the database holds exactly what was sent.
	 * @return {@code true} if both checks passed
	 */
	public boolean ok() {
		return this.totalsMatch && this.commentCountsMatch;
	}

	/**
	 * Returns the summary as lines for the terminal.
	 * @return the text
	 */
	public String describe() {
		StringBuilder text = new StringBuilder();
		text.append(String.format(Locale.ROOT, "Load demo finished: %,d increments in %.1f s (%,d/s), drained in %.1f s%n",
				this.increments, this.loadSeconds, this.incrementsPerSecond, this.drainSeconds));
		line(text, "increments sent", String.format(Locale.ROOT,
				"%,d  (views %,d, likes %,d, comments %,d of which %,d approved)", this.increments, this.views,
				this.likes, this.comments, this.approvedComments));
		line(text, "distinct keys", String.format(Locale.ROOT, "%,d  (%d posts x %d counters)", this.distinctKeys,
				this.posts, this.counters));
		line(text, "row updates issued", String.format(Locale.ROOT, "%,d  (%s increments per row update)", this.rowUpdates,
				(this.rowUpdates > 0) ? String.format(Locale.ROOT, "%,.1f", (double) this.increments / this.rowUpdates)
						: "-"));
		line(text, "flushes", String.format(Locale.ROOT, "%,d", this.flushes));
		for (Check check : this.checks) {
			line(text, "database " + check.counter(), String.format(Locale.ROOT, "%,d expected, %,d stored  %s",
					check.expected(), check.stored(), (check.expected() == check.stored()) ? "OK" : "MISMATCH"));
		}
		line(text, "counter caches", this.commentCountsMatch
				? "equal to the comment rows (all and approved)  OK" : "MISMATCH");
		line(text, "result", ok() ? "OK: the database holds exactly what was sent"
				: "MISMATCH: " + String.join("; ", this.mismatches));
		return text.toString().stripTrailing();
	}

	private static void line(StringBuilder text, String label, String value) {
		text.append(String.format(Locale.ROOT, "  %-26s %s%n", label, value));
	}

	/**
	 * One counter summed over the run's posts.
	 *
	 * @param counter the counter
	 * @param sent increments sent to it
	 * @param expected its value before the run plus what was sent
	 * @param stored what the database holds after the run
	 */
	public record Check(String counter, long sent, long expected, long stored) {

	}

}

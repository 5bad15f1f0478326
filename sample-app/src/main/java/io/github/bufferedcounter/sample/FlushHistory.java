package io.github.bufferedcounter.sample;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import io.github.bufferedcounter.FlushResult;
import io.github.bufferedcounter.flush.FlushListener;
import io.github.bufferedcounter.flush.Flusher;

import org.springframework.stereotype.Component;

/**
 * Listens to every flush of this instance, scheduled or explicit: keeps running totals (flushes
 * that wrote something, row updates issued) and the last {@value #CAPACITY} flushes that did
 * something or failed, for the load demo's summary and the dashboard's flush history.
 *
 * <p>The same numbers are available as the Micrometer meters {@code buffered.counter.flush} and
 * {@code buffered.counter.rows.written}; a {@link FlushListener} also works without Micrometer.
 */
@Component
public class FlushHistory implements FlushListener {

	static final int CAPACITY = 100;

	private final Clock clock = Clock.systemUTC();

	private final Deque<Entry> recent = new ArrayDeque<>(CAPACITY);

	private long flushes;

	private long rows;

	private long keys;

	private long failures;

	public FlushHistory(Flusher flusher) {
		flusher.addListener(this);
	}

	@Override
	public void flushed(FlushResult result) {
		if (result.batches() == 0 && result.retried() == 0) {
			return; // the schedule found nothing to do
		}
		String outcome = (result.retried() > 0) ? "retrying" : "ok";
		add(new Entry(this.clock.millis(), result.batches(), result.keys(), result.rows(), result.orphans(),
				result.rejected(), result.retried(), result.duration().toNanos() / 1_000_000.0, outcome), result);
	}

	@Override
	public void failed(RuntimeException failure) {
		synchronized (this) {
			this.failures++;
		}
		add(new Entry(this.clock.millis(), 0, 0, 0, 0, 0, 0, 0, "failed: " + failure.getMessage()), null);
	}

	private synchronized void add(Entry entry, FlushResult result) {
		if (result != null) {
			this.flushes++;
			this.rows += result.rows();
			this.keys += result.keys();
		}
		if (this.recent.size() == CAPACITY) {
			this.recent.removeLast();
		}
		this.recent.addFirst(entry);
	}

	/**
	 * Returns the totals since startup.
	 * @return flushes that claimed a batch, row updates issued, keys written and failed flushes
	 */
	public synchronized Totals totals() {
		return new Totals(this.flushes, this.rows, this.keys, this.failures);
	}

	/**
	 * Returns the latest flushes that did something or failed, newest first.
	 * @param limit the most to return
	 * @return the flushes
	 */
	public synchronized List<Entry> recent(int limit) {
		List<Entry> entries = new ArrayList<>(Math.min(limit, this.recent.size()));
		for (Entry entry : this.recent) {
			if (entries.size() == limit) {
				break;
			}
			entries.add(entry);
		}
		return entries;
	}

	/**
	 * Running totals.
	 *
	 * @param flushes flushes that claimed at least one batch
	 * @param rows row updates issued, the sum of {@link FlushResult#rows()}
	 * @param keys deltas written, the sum of {@link FlushResult#keys()}
	 * @param failures flushes that failed with an exception
	 */
	public record Totals(long flushes, long rows, long keys, long failures) {

		Totals minus(Totals earlier) {
			return new Totals(this.flushes - earlier.flushes, this.rows - earlier.rows, this.keys - earlier.keys,
					this.failures - earlier.failures);
		}

	}

	/**
	 * One flush.
	 *
	 * @param time when it ended, in epoch milliseconds
	 * @param batches batches written
	 * @param keys deltas written
	 * @param rows rows updated
	 * @param orphans deltas dropped because their row is gone
	 * @param rejected deltas that failed alone
	 * @param retried batches left for a retry
	 * @param durationMillis how long it took
	 * @param outcome {@code ok}, {@code retrying} or {@code failed: <message>}
	 */
	public record Entry(long time, int batches, int keys, int rows, int orphans, int rejected, int retried,
			double durationMillis, String outcome) {

	}

}

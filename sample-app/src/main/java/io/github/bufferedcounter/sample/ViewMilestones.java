package io.github.bufferedcounter.sample;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

import io.github.bufferedcounter.CounterChangedEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Logs when a post's views reach 100, 1,000, 10,000 and so on, from the
 * {@link CounterChangedEvent}s a flush publishes after its commit
 * ({@code buffered-counter.flush.publish-events: true} in {@code application.yml}). The event
 * carries the column's value before and after the flush, so a milestone is reported once even
 * though a single flush may add thousands of views. Keeps the last {@value #CAPACITY} for the
 * dashboard.
 */
@Component
public class ViewMilestones {

	static final int CAPACITY = 10;

	private static final Log logger = LogFactory.getLog(ViewMilestones.class);

	private static final long FIRST = 100;

	private final Clock clock = Clock.systemUTC();

	private final Deque<Milestone> recent = new ArrayDeque<>(CAPACITY);

	/**
	 * Runs on the flushing thread after the flush committed; it only logs and records, so it is
	 * quick.
	 * @param event a change of the views of a post
	 */
	@EventListener(condition = "#event.entityType == T(io.github.bufferedcounter.sample.Post)"
			+ " and #event.field == 'views'")
	public void viewsChanged(CounterChangedEvent event) {
		for (long milestone = FIRST; milestone > 0 && milestone <= event.newValue(); milestone = next(milestone)) {
			if (event.reached(milestone)) {
				logger.info(String.format(Locale.ROOT, "Post %s reached %,d views (%,d after this flush)", event.id(),
						milestone, event.newValue()));
				add(new Milestone(this.clock.millis(), ((Number) event.id()).longValue(), milestone, event.newValue()));
			}
		}
	}

	private static long next(long milestone) {
		return (milestone <= Long.MAX_VALUE / 10) ? milestone * 10 : -1;
	}

	private synchronized void add(Milestone milestone) {
		if (this.recent.size() == CAPACITY) {
			this.recent.removeLast();
		}
		this.recent.addFirst(milestone);
	}

	/**
	 * Returns the milestones reached since startup, newest first.
	 * @return at most {@value #CAPACITY} milestones
	 */
	public synchronized List<Milestone> recent() {
		return new ArrayList<>(this.recent);
	}

	/**
	 * A post that reached a number of views.
	 *
	 * @param time when the flush that reached it was published, in epoch milliseconds
	 * @param postId the post
	 * @param views the milestone
	 * @param newValue the views after that flush
	 */
	public record Milestone(long time, long postId, long views, long newValue) {

	}

}

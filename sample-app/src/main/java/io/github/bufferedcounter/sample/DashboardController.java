package io.github.bufferedcounter.sample;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.RollupPeriod;
import io.github.bufferedcounter.rollup.BucketKey;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.PendingDelta;
import io.github.bufferedcounter.store.PendingPage;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The JSON the dashboard ({@code static/index.html}) polls: a few posts with their stored,
 * pending and current values, what is buffered and what is written in total, the flush history,
 * the load demo and the views milestones of {@link ViewMilestones}. The dashboard reads the rest
 * (pending deltas, dead letters, health) from the actuator endpoints {@code counters} and
 * {@code health}.
 */
@RestController
public class DashboardController {

	private static final int PENDING_PAGE = 1000;

	private static final int MAX_PENDING_PAGES = 20;

	/** Posts in the most viewed list. */
	static final int MOST_VIEWED = 5;

	/** Days in the views chart, today included. */
	static final int CHART_DAYS = 7;

	private final PostRepository posts;

	private final BufferedCounters counters;

	private final DeltaStore store;

	private final FlushHistory history;

	private final LoadDemo loadDemo;

	private final ViewMilestones milestones;

	private final ObjectProvider<MeterRegistry> meters;

	private final String flushInterval;

	private final ZoneId rollupZone;

	public DashboardController(PostRepository posts, BufferedCounters counters, DeltaStore store,
			FlushHistory history, LoadDemo loadDemo, ViewMilestones milestones, ObjectProvider<MeterRegistry> meters,
			@Value("${buffered-counter.flush.interval:1s}") Duration flushInterval,
			@Value("${buffered-counter.rollup.time-zone:#{null}}") ZoneId rollupZone) {
		this.rollupZone = (rollupZone != null) ? rollupZone : ZoneId.systemDefault();
		this.posts = posts;
		this.counters = counters;
		this.store = store;
		this.history = history;
		this.loadDemo = loadDemo;
		this.milestones = milestones;
		this.meters = meters;
		this.flushInterval = ((flushInterval.toMillis() % 1000) == 0) ? flushInterval.toSeconds() + "s"
				: flushInterval.toMillis() + "ms";
	}

	@GetMapping("/dashboard/data")
	public DashboardData data(@RequestParam(defaultValue = "6") int posts) {
		long time = System.currentTimeMillis();
		List<PostRow> rows = rows(
				this.posts.findAll(PageRequest.of(0, Math.max(1, Math.min(posts, 50)), Sort.by("id"))).toList());
		long[] pending = pendingTotal();
		FlushHistory.Totals totals = this.history.totals();
		return new DashboardData(time, this.flushInterval, rows, pending[0], pending[1] == 1, this.posts.storedTotals(),
				incrementsRecorded(), totals, this.history.recent(15), this.loadDemo.status().orElse(null),
				this.milestones.recent(), rows.isEmpty() ? null : viewsPerDay(rows.get(0)),
				MostViewed.read(this.counters, this.posts, MOST_VIEWED));
	}

	/** The views of a post per day, for the last days: its {@code @CounterRollup(DAY)} buckets, pending included. */
	private ViewsChart viewsPerDay(PostRow post) {
		LocalDate today = LocalDate.now(this.rollupZone);
		List<DayViews> days = this.counters
			.series(Post.class, post.id(), Post.VIEWS, RollupPeriod.DAY, today.minusDays(CHART_DAYS - 1).atStartOfDay(),
					today.plusDays(1).atStartOfDay())
			.stream()
			.map((bucket) -> new DayViews(bucket.start().toLocalDate().toString(), bucket.count()))
			.toList();
		return new ViewsChart(post.id(), post.title(), days);
	}

	/** The posts with their counters, read for all of them at once: batch reads per counter. */
	private List<PostRow> rows(List<Post> page) {
		List<Long> ids = page.stream().map(Post::getId).toList();
		Map<Long, PostView.Counts> pending = PostView.Counts.ofAll(ids,
				(counter) -> this.counters.pendingAll(Post.class, ids, counter));
		Map<Long, PostView.Counts> current = PostView.Counts.ofAll(ids,
				(counter) -> this.counters.currentAll(Post.class, ids, counter));
		Map<Long, Long> viewers = this.counters.currentAll(Post.class, ids, Post.UNIQUE_VIEWERS);
		return page.stream()
			.map((post) -> new PostRow(post.getId(), post.getTitle(), PostView.Counts.of(post::stored),
					pending.get(post.getId()), current.get(post.getId()), post.getUniqueViewers(),
					viewers.get(post.getId())))
			.toList();
	}

	/** Sums the buffered deltas of columns, a page at a time; {@code [sum, 1 if all pages were read]}. */
	private long[] pendingTotal() {
		long sum = 0;
		String cursor = null;
		for (int page = 0; page < MAX_PENDING_PAGES; page++) {
			PendingPage deltas = this.store.scanPending(null, cursor, PENDING_PAGE);
			// a rollup bucket's delta repeats its column's: count columns only
			sum += deltas.deltas()
				.stream()
				.filter((delta) -> BucketKey.of(delta.key()).isEmpty())
				.mapToLong(PendingDelta::delta)
				.sum();
			cursor = deltas.nextCursor();
			if (cursor == null) {
				return new long[] { sum, 1 };
			}
		}
		return new long[] { sum, 0 };
	}

	private Long incrementsRecorded() {
		MeterRegistry registry = this.meters.getIfAvailable();
		FunctionCounter counter = (registry != null) ? registry.find("buffered.counter.increments").functionCounter()
				: null;
		return (counter != null) ? Math.round(counter.count()) : null;
	}

	/**
	 * What the dashboard shows.
	 *
	 * @param time when this was read, in epoch milliseconds
	 * @param flushInterval {@code buffered-counter.flush.interval}
	 * @param posts the first posts
	 * @param pending the sum of all buffered deltas of columns (not counting batches being flushed,
	 * nor rollup buckets)
	 * @param pendingComplete whether every buffered delta was summed
	 * @param written the stored counter columns summed over all posts
	 * @param increments increments that reached the buffer since startup (the meter
	 * {@code buffered.counter.increments}), or {@code null} without Micrometer
	 * @param flushTotals flushes and row updates since startup
	 * @param flushes the latest flushes that did something, newest first
	 * @param load the current or last load demo run, or {@code null}
	 * @param milestones the latest views milestones reached, newest first
	 * @param viewsPerDay the first post's views per day, or {@code null} without posts
	 * @param mostViewed the most viewed posts, pending views included ({@code BufferedCounters.top})
	 */
	public record DashboardData(long time, String flushInterval, List<PostRow> posts, long pending,
			boolean pendingComplete, CounterTotals written, Long increments, FlushHistory.Totals flushTotals,
			List<FlushHistory.Entry> flushes, LoadStatus load, List<ViewMilestones.Milestone> milestones,
			ViewsChart viewsPerDay, List<MostViewed> mostViewed) {

	}

	/**
	 * The views chart: one post's views per day, oldest first, today last.
	 *
	 * @param postId the post
	 * @param title its title
	 * @param days the views of each day
	 */
	public record ViewsChart(long postId, String title, List<DayViews> days) {

	}

	/**
	 * The views of one day, written plus pending.
	 *
	 * @param day the day in the rollup time zone, {@code yyyy-MM-dd}
	 * @param views the views committed that day
	 */
	public record DayViews(String day, long views) {

	}

	/**
	 * One post on the dashboard.
	 *
	 * @param id the id
	 * @param title the title
	 * @param stored the columns as stored
	 * @param pending what is buffered for each
	 * @param current stored plus pending, as {@code BufferedCounters.current} reads it
	 * @param uniqueViewersStored the unique viewers column, the estimate the last flush wrote
	 * @param uniqueViewers the live estimate of distinct visitors
	 */
	public record PostRow(long id, String title, PostView.Counts stored, PostView.Counts pending,
			PostView.Counts current, long uniqueViewersStored, long uniqueViewers) {

	}

}

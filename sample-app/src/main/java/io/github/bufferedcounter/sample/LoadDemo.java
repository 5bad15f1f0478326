package io.github.bufferedcounter.sample;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.github.bufferedcounter.BufferedCounters;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;

/**
 * The load demo: many threads send increments to a few posts through {@link BufferedCounters}
 * while the scheduled flushes write them back, with a progress bar in the terminal. At the end
 * it drains the buffer and checks that every counter in the database holds its value from before
 * the run plus exactly what was sent, and prints a summary: increments, distinct keys, the row
 * updates the flushes issued (counted by {@link FlushHistory}, a flush listener) and the flushes.
 *
 * <p>The mix is 80% views, 19% likes and 1% comments. Each comment is a real insert through
 * {@link CommentService}, half of them approved, which the post's counter caches
 * {@code commentCount} and {@code approvedComments} count once its transaction commits; the
 * check then also compares both with the comment rows in the database. Lower post ids get more
 * traffic, like a front page. Views and likes are sent outside any transaction, so each goes to
 * Redis at once. The check assumes nothing else writes to these posts during the run.
 *
 * <p>One run at a time. Started by {@code POST /demo/load}, the dashboard, or at startup with
 * {@code --demo.load=N}. It is a lifecycle bean that stops first on shutdown, so that its
 * increments are in the buffer before the final flush.
 */
@Component
public class LoadDemo implements SmartLifecycle {

	/** Largest run accepted. */
	public static final long MAX_INCREMENTS = 10_000_000;

	private static final Log logger = LogFactory.getLog(LoadDemo.class);

	/**
	 * Loggers that write INFO lines during a flush, quietened while the progress bar is drawn:
	 * one per flush, and the views milestones.
	 */
	private static final List<String> FLUSH_LOGGERS = List.of("io.github.bufferedcounter.flush.FlushScheduler",
			ViewMilestones.class.getName());

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

	/** Index of the views in {@link Post#COUNTERS}; the next three are likes, comments, approved. */
	private static final int VIEWS = 0;

	private static final int LIKES = 1;

	private static final int COMMENTS = 2;

	private static final int APPROVED = 3;

	private final BufferedCounters counters;

	private final PostRepository posts;

	private final CommentRepository comments;

	private final CommentService commentService;

	private final FlushHistory history;

	private final ObjectProvider<LoggingSystem> loggingSystem;

	private final AtomicReference<Run> current = new AtomicReference<>();

	private final AtomicInteger runs = new AtomicInteger();

	private volatile boolean running;

	public LoadDemo(BufferedCounters counters, PostRepository posts, CommentRepository comments,
			CommentService commentService, FlushHistory history, ObjectProvider<LoggingSystem> loggingSystem) {
		this.counters = counters;
		this.posts = posts;
		this.comments = comments;
		this.commentService = commentService;
		this.history = history;
		this.loggingSystem = loggingSystem;
	}

	/**
	 * Starts a run in the background.
	 * @param increments how many increments to send, 1 to {@value #MAX_INCREMENTS}
	 * @param threads how many threads send them, 1 to 256
	 * @param postCount how many posts they go to, 1 to 100
	 * @return the run's result, completed when it is checked
	 * @throws IllegalArgumentException if a number is out of range
	 * @throws IllegalStateException if a run is in progress or the application is stopping
	 */
	public synchronized CompletableFuture<LoadSummary> start(long increments, int threads, int postCount) {
		check(increments >= 1 && increments <= MAX_INCREMENTS, "increments must be between 1 and " + MAX_INCREMENTS);
		check(threads >= 1 && threads <= 256, "threads must be between 1 and 256");
		check(postCount >= 1 && postCount <= 100, "posts must be between 1 and 100");
		if (!this.running) {
			throw new IllegalStateException("The application is not running");
		}
		Run previous = this.current.get();
		if (previous != null && !previous.finished()) {
			throw new IllegalStateException("Load demo run " + previous.number + " is still " + previous.phase);
		}
		Run run = new Run(this.runs.incrementAndGet(), increments, threads, postCount);
		this.current.set(run);
		Thread coordinator = new Thread(run::execute, "load-demo-" + run.number);
		coordinator.setDaemon(true);
		coordinator.start();
		return run.result;
	}

	/**
	 * Returns the state of the current or last run.
	 * @return the state, or empty if none ran
	 */
	public Optional<LoadStatus> status() {
		return Optional.ofNullable(this.current.get()).map(Run::status);
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		Run run = this.current.get();
		if (run != null && !run.finished()) {
			run.cancel();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stops before the web server and the flush scheduler. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

	private static void check(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

	/**
	 * One run: its parameters, its progress, and the thread that coordinates it.
	 */
	private final class Run {

		private final int number;

		private final long increments;

		private final int threads;

		private final int postCount;

		private final AtomicLong sent = new AtomicLong();

		private final CompletableFuture<LoadSummary> result = new CompletableFuture<>();

		private final long startNanos = System.nanoTime();

		private volatile long loadEndNanos;

		private volatile long endNanos;

		private volatile String phase = "running";

		private volatile boolean cancelled;

		private volatile boolean stopWorkers;

		private volatile LoadSummary summary;

		private volatile String error;

		private volatile Thread coordinator;

		Run(int number, long increments, int threads, int postCount) {
			this.number = number;
			this.increments = increments;
			this.threads = threads;
			this.postCount = postCount;
		}

		boolean finished() {
			return this.result.isDone();
		}

		/**
		 * Stops the run and waits for it. Workers finish the increment at hand: interrupting one
		 * could interrupt the Redis write of a committed comment's count, which would be lost.
		 */
		void cancel() {
			this.cancelled = true;
			Thread coordinator = this.coordinator;
			try {
				if (coordinator != null) {
					coordinator.join(10_000);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		LoadStatus status() {
			long end = (this.loadEndNanos != 0) ? this.loadEndNanos : System.nanoTime();
			double loadSeconds = (end - this.startNanos) / 1e9;
			long sent = this.sent.get();
			long now = (this.endNanos != 0) ? this.endNanos : System.nanoTime();
			return new LoadStatus(this.number, this.phase, this.increments, sent, this.threads, this.postCount,
					(now - this.startNanos) / 1e9, (loadSeconds > 0) ? Math.round(sent / loadSeconds) : 0,
					this.summary, this.error);
		}

		void execute() {
			this.coordinator = Thread.currentThread();
			Progress progress = new Progress(this);
			try {
				List<Long> ids = ensurePosts(this.postCount);
				long[] before = readCurrent(ids);
				FlushHistory.Totals flushesBefore = LoadDemo.this.history.totals();
				AtomicLongArray sentByKey = new AtomicLongArray(ids.size() * Post.COUNTERS.size());
				logger.info(String.format(Locale.ROOT, "Load demo run %d: %,d increments from %d threads to %d posts",
						this.number, this.increments, this.threads, ids.size()));
				progress.start();
				send(ids, sentByKey);
				this.loadEndNanos = System.nanoTime();
				this.phase = "draining";
				drain(ids);
				long drainEnd = System.nanoTime();
				FlushHistory.Totals flushes = LoadDemo.this.history.totals().minus(flushesBefore);
				progress.stop();
				LoadSummary summary = verify(ids, before, sentByKey, flushes, drainEnd);
				this.summary = summary;
				this.endNanos = System.nanoTime();
				this.phase = "done";
				if (summary.ok()) {
					logger.info(summary.describe());
				}
				else {
					logger.error(summary.describe());
				}
				this.result.complete(summary);
			}
			catch (Throwable ex) {
				progress.stop();
				if (this.loadEndNanos == 0) {
					this.loadEndNanos = System.nanoTime();
				}
				this.endNanos = System.nanoTime();
				this.phase = this.cancelled ? "cancelled" : "failed";
				this.error = String.valueOf(ex.getMessage());
				if (this.cancelled) {
					logger.info("Load demo run " + this.number + " cancelled after " + this.sent.get() + " increments");
				}
				else {
					logger.error("Load demo run " + this.number + " failed: " + ex, ex);
				}
				this.result.completeExceptionally(ex);
			}
		}

		private void send(List<Long> ids, AtomicLongArray sentByKey) throws Exception {
			ExecutorService workers = Executors.newFixedThreadPool(this.threads, (task) -> {
				Thread thread = new Thread(task, "load-demo-" + this.number + "-worker");
				thread.setDaemon(true);
				return thread;
			});
			try {
				List<Future<?>> tasks = new ArrayList<>();
				for (int t = 0; t < this.threads; t++) {
					long share = this.increments / this.threads + ((t < this.increments % this.threads) ? 1 : 0);
					tasks.add(workers.submit(() -> {
						try {
							sendShare(share, ids, sentByKey);
						}
						catch (RuntimeException ex) {
							this.stopWorkers = true;
							throw ex;
						}
						return null;
					}));
				}
				for (Future<?> task : tasks) {
					task.get();
				}
			}
			finally {
				// never interrupt a worker: see cancel()
				this.stopWorkers = true;
				workers.shutdown();
				workers.awaitTermination(30, TimeUnit.SECONDS);
			}
			if (this.cancelled) {
				throw new IllegalStateException("cancelled");
			}
		}

		private void sendShare(long share, List<Long> ids, AtomicLongArray sentByKey) {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			int counters = Post.COUNTERS.size();
			for (long i = 0; i < share && !this.cancelled && !this.stopWorkers; i++) {
				// squaring a uniform number favours low indexes: the first post gets the most traffic
				double skewed = random.nextDouble();
				int post = (int) (ids.size() * skewed * skewed);
				int roll = random.nextInt(100);
				int counter = (roll < 80) ? VIEWS : (roll < 99) ? LIKES : COMMENTS;
				long id = ids.get(post);
				if (counter == COMMENTS) {
					// no increment: inserting the comment is what the counter caches count
					boolean approved = random.nextBoolean();
					LoadDemo.this.commentService.create(id, "Comment from load demo run " + this.number, approved)
						.orElseThrow(() -> new IllegalStateException("Post " + id + " disappeared"));
					if (approved) {
						sentByKey.incrementAndGet(post * counters + APPROVED);
					}
				}
				else {
					LoadDemo.this.counters.increment(Post.class, id, Post.COUNTERS.get(counter), 1);
				}
				sentByKey.incrementAndGet(post * counters + counter);
				this.sent.incrementAndGet();
			}
		}

		/**
		 * Flushes until nothing of these posts is pending any more: the scheduled flushes have
		 * written most of it already.
		 */
		private void drain(List<Long> ids) throws InterruptedException {
			long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
			while (!this.cancelled) {
				LoadDemo.this.counters.flush();
				long pending = 0;
				for (long id : ids) {
					for (String counter : Post.COUNTERS) {
						pending += Math.abs(LoadDemo.this.counters.pending(Post.class, id, counter));
					}
				}
				if (pending == 0) {
					return;
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException(pending + " increments still pending after " + DRAIN_TIMEOUT
							+ "; is a flush backing off? See GET /actuator/counters");
				}
				Thread.sleep(100);
			}
			throw new IllegalStateException("cancelled");
		}

		private LoadSummary verify(List<Long> ids, long[] before, AtomicLongArray sentByKey,
				FlushHistory.Totals flushes, long drainEnd) {
			int counters = Post.COUNTERS.size();
			Map<Long, Post> stored = LoadDemo.this.posts.findAllById(ids)
				.stream()
				.collect(Collectors.toMap(Post::getId, (post) -> post));
			// [all, approved] comment rows per post, counted by the database
			Map<Long, long[]> commentRows = LoadDemo.this.comments.countByPost(ids)
				.stream()
				.collect(Collectors.toMap((row) -> (Long) row[0],
						(row) -> new long[] { ((Number) row[1]).longValue(), ((Number) row[2]).longValue() }));
			long[] sentByCounter = new long[counters];
			long[] expectedByCounter = new long[counters];
			long[] storedByCounter = new long[counters];
			int distinct = 0;
			boolean totalsMatch = true;
			List<String> mismatches = new ArrayList<>();
			boolean commentCountsMatch = true;
			for (int p = 0; p < ids.size(); p++) {
				long id = ids.get(p);
				Post post = stored.get(id);
				for (int c = 0; c < counters; c++) {
					long sent = sentByKey.get(p * counters + c);
					distinct += (sent > 0) ? 1 : 0;
					long expected = before[p * counters + c] + sent;
					long actual = (post != null) ? post.stored(Post.COUNTERS.get(c)) : 0;
					sentByCounter[c] += sent;
					expectedByCounter[c] += expected;
					storedByCounter[c] += actual;
					if (expected != actual) {
						totalsMatch = false;
					}
					if (expected != actual && mismatches.size() < 10) {
						mismatches.add("post " + id + " " + Post.COUNTERS.get(c) + ": expected " + expected + ", stored "
								+ actual);
					}
				}
				long[] rows = commentRows.getOrDefault(id, new long[2]);
				for (int r = 0; r < 2; r++) {
					String counter = Post.COUNTER_CACHES.get(r);
					Long value = (post != null) ? post.stored(counter) : null;
					if (value == null || value != rows[r]) {
						commentCountsMatch = false;
						if (mismatches.size() < 10) {
							mismatches.add("post " + id + " " + counter + " " + value + " but " + rows[r]
									+ ((r == 0) ? " comment rows" : " approved comment rows"));
						}
					}
				}
			}
			List<LoadSummary.Check> checks = new ArrayList<>();
			for (int c = 0; c < counters; c++) {
				checks.add(new LoadSummary.Check(Post.COUNTERS.get(c), sentByCounter[c], expectedByCounter[c],
						storedByCounter[c]));
			}
			double loadSeconds = (this.loadEndNanos - this.startNanos) / 1e9;
			long total = this.sent.get();
			return new LoadSummary(total, sentByCounter[VIEWS], sentByCounter[LIKES], sentByCounter[COMMENTS],
					sentByCounter[APPROVED], ids.size(), counters, distinct, flushes.rows(), flushes.flushes(),
					loadSeconds, (drainEnd - this.loadEndNanos) / 1e9,
					(loadSeconds > 0) ? Math.round(total / loadSeconds) : total, checks, totalsMatch,
					commentCountsMatch, mismatches);
		}

		private List<Long> ensurePosts(int count) {
			List<Long> ids = new ArrayList<>(LoadDemo.this.posts.findAll(PageRequest.of(0, count, Sort.by("id")))
				.map(Post::getId)
				.toList());
			while (ids.size() < count) {
				ids.add(LoadDemo.this.posts.save(new Post("Load demo post " + (ids.size() + 1))).getId());
			}
			return ids;
		}

		/** Reads each counter as it will be once flushed: the column plus what is pending. */
		private long[] readCurrent(List<Long> ids) {
			long[] values = new long[ids.size() * Post.COUNTERS.size()];
			for (int p = 0; p < ids.size(); p++) {
				for (int c = 0; c < Post.COUNTERS.size(); c++) {
					values[p * Post.COUNTERS.size() + c] = LoadDemo.this.counters.current(Post.class, ids.get(p),
							Post.COUNTERS.get(c));
				}
			}
			return values;
		}

	}

	/**
	 * Shows a run's progress: a bar redrawn in place when the output is a terminal, else a log
	 * line every 10%.
	 */
	private final class Progress {

		private static final int WIDTH = 30;

		private final Run run;

		private final boolean terminal = isTerminal();

		private final PrintStream out = System.out;

		private ScheduledExecutorService ticker;

		private long lastLoggedTenth = -1;

		private final Map<String, LogLevel> restoreLevels = new HashMap<>();

		Progress(Run run) {
			this.run = run;
		}

		synchronized void start() {
			if (this.terminal) {
				quietenFlushLog();
			}
			this.ticker = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "load-demo-progress");
				thread.setDaemon(true);
				return thread;
			});
			this.ticker.scheduleAtFixedRate(this::tick, 0, this.terminal ? 150 : 500, TimeUnit.MILLISECONDS);
		}

		synchronized void stop() {
			if (this.ticker == null) {
				return;
			}
			this.ticker.shutdownNow();
			this.ticker = null;
			if (this.terminal) {
				this.out.print("\r" + line() + System.lineSeparator());
				this.out.flush();
				restoreFlushLog();
			}
		}

		private synchronized void tick() {
			if (this.ticker == null) {
				return;
			}
			if (this.terminal) {
				this.out.print("\r" + line());
				this.out.flush();
				return;
			}
			long tenth = this.run.sent.get() * 10 / this.run.increments;
			if (tenth > this.lastLoggedTenth) {
				this.lastLoggedTenth = tenth;
				logger.info(line());
			}
		}

		private String line() {
			LoadStatus status = this.run.status();
			double fraction = (double) status.sent() / status.increments();
			int filled = (int) Math.round(fraction * WIDTH);
			String bar = "=".repeat(filled) + ((filled < WIDTH) ? ">" + " ".repeat(WIDTH - filled - 1) : "");
			FlushHistory.Totals totals = LoadDemo.this.history.totals();
			return String.format(Locale.ROOT, "Load demo [%s] %3d%%  %,d/%,d  %,d/s  %s  %,d rows in %,d flushes  ",
					bar, Math.round(fraction * 100), status.sent(), status.increments(), status.incrementsPerSecond(),
					status.phase(), totals.rows(), totals.flushes());
		}

		private void quietenFlushLog() {
			LoggingSystem logging = LoadDemo.this.loggingSystem.getIfAvailable();
			if (logging == null) {
				return;
			}
			for (String name : FLUSH_LOGGERS) {
				LoggerConfiguration configuration = logging.getLoggerConfiguration(name);
				this.restoreLevels.put(name, (configuration != null) ? configuration.getConfiguredLevel() : null);
				logging.setLogLevel(name, LogLevel.WARN);
			}
		}

		private void restoreFlushLog() {
			LoggingSystem logging = LoadDemo.this.loggingSystem.getIfAvailable();
			if (logging != null) {
				this.restoreLevels.forEach(logging::setLogLevel);
			}
			this.restoreLevels.clear();
		}

		/**
		 * Whether standard output is a terminal. {@code System.console()} says so up to Java 21;
		 * from Java 22 it may return a console for a pipe too, which {@code isTerminal()} tells.
		 */
		private static boolean isTerminal() {
			Object console = System.console();
			if (console == null) {
				return false;
			}
			try {
				Method isTerminal = console.getClass().getMethod("isTerminal");
				return (boolean) isTerminal.invoke(console);
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				return true;
			}
		}

	}

}

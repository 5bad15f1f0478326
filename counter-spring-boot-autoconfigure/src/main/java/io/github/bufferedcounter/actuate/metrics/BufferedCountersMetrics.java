package io.github.bufferedcounter.actuate.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.github.bufferedcounter.FlushResult;
import io.github.bufferedcounter.flush.FlushListener;
import io.github.bufferedcounter.flush.Flusher;
import io.github.bufferedcounter.increment.DefaultBufferedCounters;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.UncertainCommits;
import io.github.bufferedcounter.unique.UniqueCounts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters for buffered counters: increments recorded, pending keys, the age of the
 * oldest pending delta, dead letters (read from the store when scraped), and per flush its
 * duration, rows written, retries, orphans and rejected deltas.
 */
public class BufferedCountersMetrics implements MeterBinder {

	private final DefaultBufferedCounters counters;

	private final DeltaStore store;

	private final Flusher flusher;

	private final Clock clock;

	private final UncertainCommits uncertainCommits;

	private final UniqueCounts uniqueCounts;

	/**
	 * Creates the binder.
	 * @param counters the service, for the increment count, or {@code null} if replaced
	 * @param store the store
	 * @param flusher the flusher
	 * @param clock the clock for ages
	 */
	public BufferedCountersMetrics(@Nullable DefaultBufferedCounters counters, DeltaStore store, Flusher flusher, Clock clock) {
		this(counters, store, flusher, clock, null);
	}

	/**
	 * Creates the binder.
	 * @param counters the service, for the increment count, or {@code null} if replaced
	 * @param store the store
	 * @param flusher the flusher
	 * @param clock the clock for ages
	 * @param uncertainCommits the deltas dropped after commits with an unknown outcome, or
	 * {@code null} for none
	 */
	public BufferedCountersMetrics(@Nullable DefaultBufferedCounters counters, DeltaStore store, Flusher flusher, Clock clock,
			@Nullable UncertainCommits uncertainCommits) {
		this(counters, store, flusher, clock, uncertainCommits, null);
	}

	/**
	 * Creates the binder.
	 * @param counters the service, for the increment count, or {@code null} if replaced
	 * @param store the store
	 * @param flusher the flusher
	 * @param clock the clock for ages
	 * @param uncertainCommits the deltas dropped after commits with an unknown outcome, or
	 * {@code null} for none
	 * @param uniqueCounts the sketches of unique counters, or {@code null} for none
	 */
	public BufferedCountersMetrics(@Nullable DefaultBufferedCounters counters, DeltaStore store, Flusher flusher, Clock clock,
			@Nullable UncertainCommits uncertainCommits, @Nullable UniqueCounts uniqueCounts) {
		this.uniqueCounts = uniqueCounts;
		this.counters = counters;
		this.store = store;
		this.flusher = flusher;
		this.clock = clock;
		this.uncertainCommits = uncertainCommits;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		if (this.counters != null) {
			FunctionCounter.builder("buffered.counter.increments", this.counters,
					DefaultBufferedCounters::incrementsRecorded)
				.description("Increments that reached the buffer")
				.register(registry);
		}
		gauge(registry, "buffered.counter.pending.keys", "Distinct keys waiting in the buffer",
				(store) -> store.pendingKeyCount());
		gauge(registry, "buffered.counter.dead.letters", "Deltas parked after failing too often",
				(store) -> store.deadLetterCount());
		Gauge.builder("buffered.counter.spill.keys", this.store, DeltaStore::spilledKeys)
			.description("Distinct keys held in process while the store cannot be reached")
			.register(registry);
		FunctionCounter.builder("buffered.counter.spilled", this.store, DeltaStore::spilledDeltas)
			.description("Deltas held in process because the store could not be reached")
			.register(registry);
		FunctionCounter.builder("buffered.counter.spill.refused", this.store, DeltaStore::spillRefusals)
			.description("Adds refused because the store could not be reached and the spill buffer was full")
			.register(registry);
		FunctionCounter.builder("buffered.counter.lost", this.store, DeltaStore::refusedAfterAcknowledge)
			.tag("cause", "refused-after-acknowledge")
			.description("Deltas lost after their add had returned, each logged at ERROR")
			.register(registry);
		FunctionCounter.builder("buffered.counter.lost", this.store, DeltaStore::abandonedResends)
			.tag("cause", "resend-outcome-unknown")
			.description("Deltas lost after their add had returned, each logged at ERROR")
			.register(registry);
		if (this.uncertainCommits != null) {
			FunctionCounter.builder("buffered.counter.lost", this.uncertainCommits, UncertainCommits::lostDeltas)
				.tag("cause", "commit-outcome-unknown")
				.description("Deltas lost after their add had returned, each logged at ERROR")
				.register(registry);
		}
		if (this.uniqueCounts != null) {
			Gauge.builder("buffered.counter.unique.marked", this.uniqueCounts, UniqueCounts::markedCells)
				.description("Unique counter cells whose estimate waits to be written")
				.register(registry);
		}
		Gauge.builder("buffered.counter.deferred.transactions", this.store, DeltaStore::deferredTransactions)
			.description("Committed transactions whose counter cache deltas wait for the thread that adds them")
			.register(registry);
		TimeGauge.builder("buffered.counter.oldest.pending.age", this.store, TimeUnit.SECONDS, this::oldestAgeSeconds)
			.description("Age of the oldest delta not yet acknowledged")
			.register(registry);
		this.flusher.addListener(new Recorder(registry));
	}

	private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<DeltaStore> value) {
		Gauge.builder(name, this.store, (store) -> {
			try {
				return value.applyAsDouble(store);
			}
			catch (RuntimeException ex) {
				return Double.NaN;
			}
		}).description(description).register(registry);
	}

	private double oldestAgeSeconds(DeltaStore store) {
		try {
			return store.oldestPending()
				.map((oldest) -> Duration.between(oldest, this.clock.instant()).toMillis() / 1000.0)
				.orElse(0.0);
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

	private static final class Recorder implements FlushListener {

		private final MeterRegistry registry;

		private final Timer flushes;

		private final Counter rows;

		private final Counter retries;

		private final Counter orphans;

		private final Counter rejected;

		Recorder(MeterRegistry registry) {
			this.registry = registry;
			this.flushes = flushTimer("success", "none");
			this.rows = Counter.builder("buffered.counter.rows.written").description("Rows updated").register(registry);
			this.retries = Counter.builder("buffered.counter.flush.retries")
				.description("Batches left for a retry after a database failure")
				.register(registry);
			this.orphans = Counter.builder("buffered.counter.orphans")
				.description("Deltas dropped because their row no longer exists")
				.register(registry);
			this.rejected = Counter.builder("buffered.counter.rejected")
				.description("Deltas that failed on their own and went back for retry or to the dead letters")
				.register(registry);
		}

		@Override
		public void flushed(FlushResult result) {
			this.flushes.record(result.duration());
			this.rows.increment(result.rows());
			this.retries.increment(result.retried());
			this.orphans.increment(result.orphans());
			this.rejected.increment(result.rejected());
		}

		/** Tagged as Micrometer's own timers are: an {@code exception} tag, {@code none} on success. */
		private Timer flushTimer(String outcome, String exception) {
			return Timer.builder("buffered.counter.flush")
				.description("Flushes")
				.tag("outcome", outcome)
				.tag("exception", exception)
				.register(this.registry);
		}

		@Override
		public void failed(RuntimeException failure, Duration duration) {
			flushTimer("failure", failure.getClass().getSimpleName()).record(duration);
		}

	}

}

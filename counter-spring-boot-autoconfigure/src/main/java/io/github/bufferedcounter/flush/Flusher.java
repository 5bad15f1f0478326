package io.github.bufferedcounter.flush;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.github.bufferedcounter.CounterChangedEvent;
import io.github.bufferedcounter.FlushResult;
import io.github.bufferedcounter.mapping.CounterRegistry;
import io.github.bufferedcounter.store.ClaimedBatch;
import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeltaStore;
import jakarta.persistence.EntityManagerFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Moves deltas from the store to the database: for each shard it claims a batch, applies it
 * in one transaction that records the batch id, and acknowledges it, until the shard is empty.
 * A batch whose database transaction failed stays claimed and becomes claimable again after a
 * backoff; a batch whose owner died is recovered by the next claim once its lease runs out.
 * One flush runs at a time per instance. When {@link FlushSettings#publishEvents()} is set, the
 * changes of each committed batch are published as {@link CounterChangedEvent}s once the batch
 * is acknowledged, or its acknowledge failed.
 */
public class Flusher implements AutoCloseable {

	/** The table in which applied batch ids are recorded. */
	public static final String APPLIED_BATCH_TABLE = AppliedBatchLog.TABLE;

	private static final Log logger = LogFactory.getLog(Flusher.class);

	private final DeltaStore store;

	private final BatchApplier applier;

	private final ChangePublisher changes;

	private final FlushSettings settings;

	private final Backoff backoff;

	private final Clock clock;

	private final ReentrantLock lock = new ReentrantLock();

	private volatile Instant pausedUntil = Instant.MIN;

	/** When flushes began to fail or retry without a good one since; {@code null} while they work. */
	private volatile @Nullable Instant failingSince;

	private volatile Instant lastPurge = Instant.MIN;

	private volatile boolean paused;

	private volatile @Nullable LastFlush lastFlush;

	private final List<FlushListener> listeners = new CopyOnWriteArrayList<>();

	/** Threads that flush shards at once, or {@code null} to flush them in turn. */
	private final @Nullable ExecutorService shardWorkers;

	private volatile @Nullable UniqueCountFlush uniqueCounts;

	private volatile FlushObserver observer = FlushObserver.NONE;

	/**
	 * Creates a flusher that publishes no events.
	 * @param store the buffer to drain
	 * @param entityManagerFactory the persistence unit to write through
	 * @param registry the counters of that persistence unit
	 * @param settings batch size, lease and retry settings; must not ask to publish events
	 * @param clock the clock
	 */
	public Flusher(DeltaStore store, EntityManagerFactory entityManagerFactory, CounterRegistry registry,
			FlushSettings settings, Clock clock) {
		this(store, entityManagerFactory, registry, settings, clock, (event) -> {
		});
		if (settings.publishEvents()) {
			throw new IllegalArgumentException("FlushSettings ask to publish events; pass an ApplicationEventPublisher");
		}
	}

	/**
	 * Creates a flusher.
	 * @param store the buffer to drain
	 * @param entityManagerFactory the persistence unit to write through
	 * @param registry the counters of that persistence unit
	 * @param settings batch size, lease and retry settings, and whether to publish events
	 * @param clock the clock
	 * @param publisher where {@link CounterChangedEvent}s go when
	 * {@link FlushSettings#publishEvents()} is set, usually the application context
	 */
	public Flusher(DeltaStore store, EntityManagerFactory entityManagerFactory, CounterRegistry registry,
			FlushSettings settings, Clock clock, ApplicationEventPublisher publisher) {
		this.store = store;
		this.applier = new BatchApplier(entityManagerFactory, registry, clock, settings.publishEvents());
		this.changes = new ChangePublisher(publisher);
		this.settings = settings;
		this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff());
		this.clock = clock;
		this.shardWorkers = (settings.threads() > 1) ? Executors.newFixedThreadPool(settings.threads(), (task) -> {
			Thread thread = new Thread(task, "buffered-counter-flush-shard");
			thread.setDaemon(true);
			return thread;
		}) : null;
	}

	/**
	 * Flushes every shard now, waiting for a flush already running on this instance.
	 * @return what was written
	 */
	public FlushResult flush() {
		this.lock.lock();
		return flushLocked();
	}

	/**
	 * Flushes every shard now if no flush of this instance runs for longer than {@code maxWait}.
	 * @param maxWait how long to wait for a running flush
	 * @return what was written, or empty if the running flush did not end in time
	 * @throws InterruptedException if interrupted while waiting
	 */
	public Optional<FlushResult> flush(Duration maxWait) throws InterruptedException {
		if (!this.lock.tryLock(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
			return Optional.empty();
		}
		return Optional.of(flushLocked());
	}

	private FlushResult flushLocked() {
		long start = System.nanoTime();
		FlushObserver.Watch watch = this.observer.flushStarted();
		try {
			this.store.sync();
			FlushResult total = (this.shardWorkers != null) ? flushShardsAtOnce(watch) : flushShardsInTurn(watch);
			writeUniqueCounts();
			total = new FlushResult(total.batches(), total.keys(), total.rows(), total.orphans(), total.rejected(),
					total.retried(), Duration.ofNanos(System.nanoTime() - start));
			watch.ended(total);
			flushed(total);
			return total;
		}
		catch (RuntimeException ex) {
			watch.failed(ex);
			this.lastFlush = new LastFlush(this.clock.instant(), FlushResult.EMPTY, "failed: " + ex.getMessage());
			failing();
			Duration ran = Duration.ofNanos(System.nanoTime() - start);
			this.listeners.forEach((listener) -> listener.failed(ex, ran));
			throw ex;
		}
		finally {
			watch.stop();
			this.lock.unlock();
		}
	}

	private void writeUniqueCounts() {
		UniqueCountFlush step = this.uniqueCounts;
		if (step == null) {
			return;
		}
		try {
			int written = step.flush();
			if (written > 0 && logger.isDebugEnabled()) {
				logger.debug("Wrote " + written + " unique count estimates");
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not write unique count estimates; they are written after their lease: " + ex, ex);
		}
	}

	private FlushResult flushShardsInTurn(FlushObserver.Watch flush) {
		FlushResult total = FlushResult.EMPTY;
		for (int shard = 0; shard < this.store.shards(); shard++) {
			total = total.plus(flushShard(shard, flush));
		}
		return total;
	}

	/** Flushes every shard on the worker threads; the first failure is thrown once all ended. */
	private FlushResult flushShardsAtOnce(FlushObserver.Watch flush) {
		List<Future<FlushResult>> shards = new ArrayList<>();
		for (int shard = 0; shard < this.store.shards(); shard++) {
			int current = shard;
			shards.add(this.shardWorkers.submit(() -> flushShard(current, flush)));
		}
		FlushResult total = FlushResult.EMPTY;
		RuntimeException failure = null;
		for (Future<FlushResult> shard : shards) {
			try {
				total = total.plus(shard.get());
			}
			catch (ExecutionException ex) {
				if (failure == null) {
					failure = (ex.getCause() instanceof RuntimeException runtime) ? runtime
							: new IllegalStateException("Flushing a shard failed", ex.getCause());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				shards.forEach((other) -> other.cancel(false));
				throw new IllegalStateException("Interrupted while shards were being flushed", ex);
			}
		}
		if (failure != null) {
			throw failure;
		}
		return total;
	}

	/**
	 * Stops the threads that flush shards at once; a flush running then still ends.
	 */
	@Override
	public void close() {
		if (this.shardWorkers != null) {
			this.shardWorkers.shutdown();
		}
	}

	private void flushed(FlushResult result) {
		if (result.batches() > 0 || result.retried() > 0) {
			this.lastFlush = new LastFlush(this.clock.instant(), result, (result.retried() > 0) ? "retrying" : "ok");
		}
		if (result.retried() > 0) {
			failing();
		}
		else if (!isBackingOff()) {
			// a flush that waits out a backoff writes nothing, but has not succeeded either
			this.failingSince = null;
		}
		this.listeners.forEach((listener) -> listener.flushed(result));
	}

	/**
	 * Flushes unless a database failure asked for a pause that has not passed yet; also purges
	 * old applied batch ids now and then. This is what the schedule runs.
	 * @return what was written
	 */
	public FlushResult flushIfDue() {
		Instant now = this.clock.instant();
		if (this.paused || now.isBefore(this.pausedUntil)) {
			return FlushResult.EMPTY;
		}
		FlushResult result = flush();
		if (result.retried() == 0 && now.isAfter(this.lastPurge.plus(Duration.ofHours(1)))) {
			this.lastPurge = now;
			this.applier.purge(now.minus(this.settings.retention()));
		}
		return result;
	}

	private FlushResult flushShard(int shard, FlushObserver.Watch flush) {
		FlushResult total = FlushResult.EMPTY;
		for (int n = 0; n < this.settings.maxBatchesPerShard(); n++) {
			long start = System.nanoTime();
			Optional<ClaimedBatch> claimed = this.store.claim(shard, this.settings.batchSize(), this.settings.lease());
			if (claimed.isEmpty()) {
				break;
			}
			ClaimedBatch batch = claimed.get();
			FlushResult result = observedBatch(batch, flush);
			total = total.plus(new FlushResult(result.batches(), result.keys(), result.rows(), result.orphans(),
					result.rejected(), result.retried(), Duration.ofNanos(System.nanoTime() - start)));
			if (result.retried() > 0 || result.rejected() > 0) {
				// rejected deltas went back to the buffer: they are retried by the next flush, not this one
				break;
			}
			if (batch.attempts() == 1 && batch.deltas().size() + batch.malformed().size() < this.settings.batchSize()) {
				// the shard was emptied; what arrived since waits for the next flush, so a flush ends under load
				break;
			}
		}
		return total;
	}

	private FlushResult observedBatch(ClaimedBatch batch, FlushObserver.Watch flush) {
		FlushObserver.Watch watch = this.observer.batchStarted(flush, batch);
		try {
			FlushResult result = flushBatch(batch, watch);
			watch.ended(result);
			return result;
		}
		catch (RuntimeException ex) {
			watch.failed(ex);
			throw ex;
		}
		finally {
			watch.stop();
		}
	}

	private FlushResult flushBatch(ClaimedBatch batch, FlushObserver.Watch watch) {
		AppliedBatch applied;
		try {
			applied = this.applier.apply(batch, batch.attempts() > this.settings.maxAttempts());
		}
		catch (TransientFlushException ex) {
			watch.failed(ex);
			Duration wait = this.backoff.after(batch.attempts());
			this.store.release(batch, wait);
			this.pausedUntil = this.clock.instant().plus(wait);
			logger.warn("Buffered counter batch " + batch.id() + " (attempt " + batch.attempts()
					+ ") not applied; retrying in " + wait.toMillis() + " ms: " + ex.getMessage());
			return new FlushResult(0, 0, 0, 0, 0, 1, Duration.ZERO);
		}
		int parked;
		try {
			parked = this.store.acknowledge(batch, applied.rejected(), this.settings.maxAttempts());
		}
		finally {
			// committed: a later attempt of this batch finds it applied and publishes nothing
			this.changes.publish(batch.id(), applied.changes());
		}
		List<CounterKey> vanished = vanished(applied.orphans());
		report(batch, applied, vanished, parked);
		return new FlushResult(1, batch.deltas().size(), applied.rows(), vanished.size(),
				applied.rejected().size() + batch.malformed().size(), 0, Duration.ZERO);
	}

	/**
	 * The orphans whose rows vanished unseen (plain SQL, another application), leaving out
	 * those of rows deleted through Hibernate: their pending deltas were expected to be dropped.
	 */
	private List<CounterKey> vanished(List<CounterKey> orphans) {
		if (orphans.isEmpty()) {
			return orphans;
		}
		Set<CounterKey> deleted;
		try {
			deleted = this.store.deletedAmong(orphans);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not tell which orphaned rows were deleted through Hibernate", ex);
			return orphans;
		}
		if (!deleted.isEmpty() && logger.isDebugEnabled()) {
			logger.debug("Dropped " + deleted.size() + " buffered counter deltas of rows deleted through Hibernate: "
					+ sample(List.copyOf(deleted)));
		}
		return orphans.stream().filter((key) -> !deleted.contains(key)).toList();
	}

	private void report(ClaimedBatch batch, AppliedBatch applied, List<CounterKey> vanished, int parked) {
		if (applied.replayed()) {
			logger.info("Buffered counter batch " + batch.id() + " was already applied; acknowledged it");
		}
		if (!vanished.isEmpty()) {
			logger.warn("Dropped " + vanished.size() + " buffered counter deltas whose rows no longer exist: "
					+ sample(vanished));
		}
		if (!applied.rejected().isEmpty()) {
			logger.warn("Buffered counter batch " + batch.id() + " rejected " + applied.rejected().size()
					+ " deltas, to be retried: " + applied.rejected().get(0).key() + ": "
					+ applied.rejected().get(0).error());
		}
		if (!batch.malformed().isEmpty()) {
			logger.error("Parked " + batch.malformed().size() + " malformed buffered counter entries as dead letters: "
					+ sample(List.copyOf(batch.malformed().keySet())));
		}
		if (parked > batch.malformed().size()) {
			logger.error("Parked " + (parked - batch.malformed().size())
					+ " buffered counter deltas as dead letters after " + this.settings.maxAttempts() + " attempts");
		}
	}

	private static String sample(List<?> keys) {
		return (keys.size() <= 10) ? keys.toString() : keys.subList(0, 10) + " and " + (keys.size() - 10) + " more";
	}

	/**
	 * Stops scheduled flushes until {@link #resume()}; explicit {@link #flush()} calls still run.
	 */
	public void pause() {
		this.paused = true;
		logger.info("Buffered counter flushes paused");
	}

	/**
	 * Lets scheduled flushes run again.
	 */
	public void resume() {
		this.paused = false;
		logger.info("Buffered counter flushes resumed");
	}

	/**
	 * Returns whether scheduled flushes are paused by an operator.
	 * @return {@code true} while paused
	 */
	public boolean isPaused() {
		return this.paused;
	}

	/**
	 * Returns the last flush of this instance that wrote something, retried or failed.
	 * @return the last flush, or {@code null} if there was none
	 */
	public @Nullable LastFlush lastFlush() {
		return this.lastFlush;
	}

	/**
	 * Makes every flush also write the estimates of unique counters, after the deltas; a
	 * failure there is logged and leaves those counters marked for the next flush.
	 * @param uniqueCounts the step that writes them
	 */
	public void writeUniqueCounts(UniqueCountFlush uniqueCounts) {
		this.uniqueCounts = uniqueCounts;
	}

	/**
	 * Makes every flush pass and every batch it applies watched while they run, for tracing.
	 * @param observer the observer, replacing the one set before
	 */
	public void observeWith(FlushObserver observer) {
		this.observer = observer;
	}

	/**
	 * Registers a listener told about every flush.
	 * @param listener the listener
	 */
	public void addListener(FlushListener listener) {
		this.listeners.add(listener);
	}

	private void failing() {
		if (this.failingSince == null) {
			this.failingSince = this.clock.instant();
		}
	}

	/**
	 * Returns since when flushes have failed or left batches for a retry, with no flush that
	 * worked since (one that wrote, or found nothing to write, outside a backoff).
	 * @return when the failures began, or {@code null} while flushes work
	 */
	public @Nullable Instant failingSince() {
		return this.failingSince;
	}

	/**
	 * Returns whether a database failure has paused scheduled flushes.
	 * @return {@code true} while backing off
	 */
	public boolean isBackingOff() {
		return this.clock.instant().isBefore(this.pausedUntil);
	}

}

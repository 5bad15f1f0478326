package io.github.bufferedcounter.store.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import io.github.bufferedcounter.store.ClaimedBatch;
import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeadLetter;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.PendingPage;
import io.github.bufferedcounter.store.PendingSnapshot;
import io.github.bufferedcounter.store.RefusedDeltasException;
import io.github.bufferedcounter.store.RejectedDelta;
import io.github.bufferedcounter.store.SpillBufferFullException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Sums deltas in this process and pushes the sums to another store once per window, so an
 * increment costs a compare-and-set instead of a round trip. The price: an increment is
 * acknowledged before it reaches the shared store, and a hard crash loses up to one window of
 * increments. A push the store refuses is kept and tried again at the next window; a graceful
 * shutdown pushes what is left (the flusher calls {@link #sync()} before its last flush).
 */
public class AggregatingDeltaStore implements DeltaStore, AutoCloseable {

	private static final Log logger = LogFactory.getLog(AggregatingDeltaStore.class);

	private final DeltaStore delegate;

	private final ConcurrentHashMap<CounterKey, DeltaCell> cells = new ConcurrentHashMap<>();

	private final ScheduledExecutorService pusher;

	/**
	 * Held by a push and by the reads that must not see one half done. A lock, not a monitor: a
	 * push and a read wait for Redis while holding it, and a virtual thread that waits for a
	 * monitor held across I/O pins its carrier on Java 21 to 23.
	 */
	private final ReentrantLock pushing = new ReentrantLock();

	private final int keyLimit;

	/** How many keys the last push kept because the store refused them. */
	private volatile int keptKeys;

	private volatile boolean closed;

	/**
	 * Creates the store and starts pushing every window, with no bound on the keys it holds.
	 * @param delegate the shared store
	 * @param window how long sums build up before they are pushed
	 */
	public AggregatingDeltaStore(DeltaStore delegate, Duration window) {
		this(delegate, window, Integer.MAX_VALUE);
	}

	/**
	 * Creates the store and starts pushing every window.
	 * @param delegate the shared store
	 * @param window how long sums build up before they are pushed
	 * @param keyLimit while the shared store refuses pushes (Redis away and its spill buffer
	 * full), the most distinct keys held in process; past it an add of a new key fails with
	 * {@link SpillBufferFullException}
	 */
	public AggregatingDeltaStore(DeltaStore delegate, Duration window, int keyLimit) {
		this.delegate = delegate;
		this.keyLimit = keyLimit;
		this.pusher = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "buffered-counter-aggregate");
			thread.setDaemon(true);
			return thread;
		});
		this.pusher.scheduleWithFixedDelay(this::pushQuietly, window.toMillis(), window.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	@Override
	public void add(Map<CounterKey, Long> deltas) {
		if (this.closed) {
			this.delegate.add(deltas);
			return;
		}
		aggregate(deltas);
		if (this.closed) {
			// close() may have taken its last sums just before these were summed: nobody else would push them
			pushLast();
		}
	}

	private void aggregate(Map<CounterKey, Long> deltas) {
		Map<CounterKey, Long> added = new HashMap<>();
		try {
			deltas.forEach((key, delta) -> {
				checkRoomFor(key);
				addOne(key, delta);
				added.put(key, delta);
			});
		}
		catch (IllegalStateException ex) {
			added.forEach((key, delta) -> addOne(key, -delta));
			throw ex;
		}
	}

	private void checkRoomFor(CounterKey key) {
		if (this.keptKeys > 0 && this.cells.size() >= this.keyLimit && !this.cells.containsKey(key)) {
			throw new SpillBufferFullException("Cannot add to " + key + ": the store refuses locally aggregated sums "
					+ "(Redis cannot be reached and its spill buffer is full) and " + this.cells.size()
					+ " keys are held in process, the limit (buffered-counter.redis.spill-limit); keys already held "
					+ "still take increments");
		}
	}

	private void addOne(CounterKey key, long delta) {
		try {
			while (!this.cells.computeIfAbsent(key, (k) -> new DeltaCell()).add(delta)) {
				Thread.onSpinWait();
			}
		}
		catch (ArithmeticException ex) {
			throw new RefusedDeltasException("Cannot add " + delta + " to " + key
					+ ": the locally aggregated sum would overflow a 64-bit integer", ex);
		}
	}

	private void pushQuietly() {
		try {
			push();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not push locally aggregated counter deltas; retrying at the next window: " + ex);
		}
	}

	/**
	 * Pushes every local sum to the shared store, then lets the shared store push what it holds
	 * in front of itself (the Redis store's spill buffer).
	 */
	@Override
	public void sync() {
		push();
		this.delegate.sync();
	}

	/**
	 * Pushes the local sums as one add. What the store refuses as a whole (nothing of it added:
	 * an overflow, a full spill buffer) is pushed key by key, and a key refused again is kept
	 * for the next push: a sum in the store that would overflow fits again once a flush took it.
	 * Any other failure may come after the store added the sums, so they are not kept, which
	 * could count them twice, but logged at ERROR as possibly lost.
	 */
	private void push() {
		pushDrained(true);
	}

	/** Pushes once more after close: what the store refuses now is lost, and logged. */
	private void pushLast() {
		pushDrained(false);
	}

	private void pushDrained(boolean keepRefused) {
		this.pushing.lock();
		try {
			pushDrainedLocked(keepRefused);
		}
		finally {
			this.pushing.unlock();
		}
	}

	private void pushDrainedLocked(boolean keepRefused) {
		Map<CounterKey, Long> drained = drainCells();
		if (drained.isEmpty()) {
			return;
		}
		Map<CounterKey, Long> refused = new HashMap<>();
		RefusedDeltasException reason = null;
		try {
			this.delegate.add(drained);
		}
		catch (RefusedDeltasException together) {
			reason = together;
			if (drained.size() == 1) {
				refused.putAll(drained);
			}
			else {
				reason = pushKeyByKey(drained, refused);
			}
		}
		catch (RuntimeException unclear) {
			logger.error("The store failed to take locally aggregated counter deltas, which may be lost: " + drained,
					unclear);
		}
		if (keepRefused) {
			keep(refused, reason);
		}
		else if (!refused.isEmpty()) {
			logger.error("Lost locally aggregated counter deltas on close, the store refused them (" + reason.getMessage()
					+ "): " + refused);
		}
	}

	private RefusedDeltasException pushKeyByKey(Map<CounterKey, Long> drained, Map<CounterKey, Long> refused) {
		RefusedDeltasException reason = null;
		for (Map.Entry<CounterKey, Long> entry : drained.entrySet()) {
			try {
				this.delegate.add(Map.of(entry.getKey(), entry.getValue()));
			}
			catch (RefusedDeltasException alone) {
				refused.put(entry.getKey(), entry.getValue());
				reason = alone;
			}
			catch (RuntimeException unclear) {
				logger.error("The store failed to take locally aggregated " + entry.getKey() + " = " + entry.getValue()
						+ ", which may be lost", unclear);
			}
		}
		return reason;
	}

	private Map<CounterKey, Long> drainCells() {
		Map<CounterKey, Long> drained = new HashMap<>();
		this.cells.forEach((key, cell) -> {
			long delta = cell.drain();
			if (delta != 0) {
				// the walk can meet a key twice: its retired cell removed below, a writer's fresh
				// cell put back into the same bin behind a key not visited yet. Both sums count.
				drained.merge(key, delta, Long::sum);
			}
			if (cell.retireIfEmpty()) {
				this.cells.remove(key, cell);
			}
		});
		return drained;
	}

	/**
	 * Puts refused sums back, to be pushed again at the next window, and logs when the store
	 * starts and stops refusing rather than at every window.
	 */
	private void keep(Map<CounterKey, Long> refused, RefusedDeltasException reason) {
		refused.forEach((key, delta) -> {
			try {
				addOne(key, delta);
			}
			catch (RefusedDeltasException overflow) {
				logger.error("Lost locally aggregated " + key + " = " + delta + ": with what was summed since, it "
						+ "overflows a 64-bit integer", overflow);
			}
		});
		int before = this.keptKeys;
		this.keptKeys = refused.size();
		if (before == 0 && !refused.isEmpty()) {
			logger.warn("The store refused " + refused.size() + " locally aggregated sums (" + reason.getMessage()
					+ "); they are kept in process and pushed again every window"
					+ ((this.keyLimit < Integer.MAX_VALUE) ? "; past " + this.keyLimit + " held keys, increments of "
							+ "new keys fail" : ""));
		}
		else if (before > 0 && refused.isEmpty()) {
			logger.info("The store takes locally aggregated sums again");
		}
	}

	/**
	 * Stops the pushing thread, pushes what is summed, and closes the store behind. What that
	 * store still refuses is logged as lost. Adds after this go straight to that store; closing
	 * again pushes what came in between.
	 */
	@Override
	public void close() {
		this.closed = true;
		this.pusher.shutdown();
		try {
			this.pusher.awaitTermination(10, TimeUnit.SECONDS);
			sync();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			logger.error("Could not sync the store behind local aggregation on close", ex);
		}
		// sums that came in during the sync, and the ones the store refused so far: one more push
		pushLast();
		if (this.delegate instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				logger.error("Could not close the store behind local aggregation", ex);
			}
		}
	}

	@Override
	public int deferredTransactions() {
		return this.delegate.deferredTransactions();
	}

	@Override
	public int spilledKeys() {
		return this.delegate.spilledKeys();
	}

	@Override
	public long spilledDeltas() {
		return this.delegate.spilledDeltas();
	}

	@Override
	public long spillRefusals() {
		return this.delegate.spillRefusals();
	}

	@Override
	public long refusedAfterAcknowledge() {
		return this.delegate.refusedAfterAcknowledge();
	}

	@Override
	public long abandonedResends() {
		return this.delegate.abandonedResends();
	}

	private long local(CounterKey key) {
		DeltaCell cell = this.cells.get(key);
		return (cell != null) ? cell.get() : 0;
	}

	/**
	 * Reads the local and the shared sums under the lock of the push, so that a push
	 * in between cannot hide or double a delta.
	 */
	@Override
	public PendingSnapshot pending(CounterKey key) {
		this.pushing.lock();
		try {
			PendingSnapshot shared = this.delegate.pending(key);
			return new PendingSnapshot(shared.buffered() + local(key), shared.inFlight(), shared.claimVersion());
		}
		finally {
			this.pushing.unlock();
		}
	}

	/** Reads as {@link #pending(CounterKey)} does, the shared sums in the delegate's batch read. */
	@Override
	public Map<CounterKey, PendingSnapshot> pendingAll(Collection<CounterKey> keys) {
		this.pushing.lock();
		try {
			Map<CounterKey, PendingSnapshot> snapshots = new LinkedHashMap<>();
			this.delegate.pendingAll(keys)
				.forEach((key, shared) -> snapshots.put(key, new PendingSnapshot(shared.buffered() + local(key),
						shared.inFlight(), shared.claimVersion())));
			return snapshots;
		}
		finally {
			this.pushing.unlock();
		}
	}

	/**
	 * Pushes the local sums, then reads the shared store. A sum read from the cells instead could
	 * be pushed, claimed, applied and acknowledged before the caller reads the database: if its
	 * shard was empty, the claim version is gone again afterwards (an empty shard has none), and
	 * the caller could not tell that it counted the sum twice. Once pushed, the sum is in a shard
	 * that has a version until the sum is acknowledged. Sums added after the push count as later
	 * increments; sums the store refuses stay in process and are not counted until it takes them.
	 */
	@Override
	public Map<CounterKey, PendingSnapshot> pendingOfField(Collection<String> entities, String field) {
		push();
		return this.delegate.pendingOfField(entities, field);
	}

	@Override
	public Map<CounterKey, Long> claimVersions(Collection<CounterKey> keys) {
		return this.delegate.claimVersions(keys);
	}

	@Override
	public void rowsDeleted(Collection<CounterKey> counters) {
		// the store remembers only rows with something pending: push the local sums first
		sync();
		this.delegate.rowsDeleted(counters);
	}

	@Override
	public Set<CounterKey> deletedAmong(Collection<CounterKey> keys) {
		return this.delegate.deletedAmong(keys);
	}

	@Override
	public int shards() {
		return this.delegate.shards();
	}

	/**
	 * Pushes the local sums, then claims from the shared store.
	 */
	@Override
	public Optional<ClaimedBatch> claim(int shard, int maxKeys, Duration lease) {
		sync();
		return this.delegate.claim(shard, maxKeys, lease);
	}

	@Override
	public int acknowledge(ClaimedBatch batch, Iterable<RejectedDelta> rejected, int maxAttempts) {
		return this.delegate.acknowledge(batch, rejected, maxAttempts);
	}

	@Override
	public void release(ClaimedBatch batch, Duration retryAfter) {
		this.delegate.release(batch, retryAfter);
	}

	@Override
	public long claimVersion(CounterKey key) {
		return this.delegate.claimVersion(key);
	}

	@Override
	public long pendingKeyCount() {
		return this.delegate.pendingKeyCount();
	}

	@Override
	public PendingPage scanPending(@Nullable String entity, @Nullable String cursor, int limit) {
		return this.delegate.scanPending(entity, cursor, limit);
	}

	@Override
	public Optional<Instant> oldestPending() {
		return this.delegate.oldestPending();
	}

	@Override
	public long deadLetterCount() {
		return this.delegate.deadLetterCount();
	}

	@Override
	public List<DeadLetter> deadLetters(int limit) {
		return this.delegate.deadLetters(limit);
	}

	@Override
	public int retryDeadLetters(@Nullable String key) {
		return this.delegate.retryDeadLetters(key);
	}

	@Override
	public int discardDeadLetters(@Nullable String key) {
		return this.delegate.discardDeadLetters(key);
	}

	/**
	 * Returns the store the sums are pushed to.
	 * @return the shared store
	 */
	public DeltaStore delegate() {
		return this.delegate;
	}

}

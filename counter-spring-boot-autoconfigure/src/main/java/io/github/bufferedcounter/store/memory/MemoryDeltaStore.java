package io.github.bufferedcounter.store.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bufferedcounter.store.ClaimedBatch;
import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeadLetter;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.PendingDelta;
import io.github.bufferedcounter.store.PendingPage;
import io.github.bufferedcounter.store.PendingSnapshot;
import io.github.bufferedcounter.store.RefusedDeltasException;
import io.github.bufferedcounter.store.RejectedDelta;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DeltaStore} in the heap of one application instance, for tests and small
 * applications. Adds take no lock; claim and acknowledge are serialized by a monitor that the
 * hot path never touches. What it holds is lost if the process dies, so the application must
 * flush it on shutdown, which the auto-configured flusher does.
 */
public class MemoryDeltaStore implements DeltaStore {

	private final ConcurrentHashMap<CounterKey, DeltaCell> buffered = new ConcurrentHashMap<>();

	private final Map<String, Lease> claimed = new HashMap<>();

	private final Map<CounterKey, Integer> failures = new HashMap<>();

	private final Map<CounterKey, Long> dead = new ConcurrentHashMap<>();

	private final Map<CounterKey, String> deadErrors = new ConcurrentHashMap<>();

	private final AtomicLong pendingSince = new AtomicLong();

	private final AtomicLong claimVersion = new AtomicLong();

	private final Clock clock;

	private static final Duration DELETED_ROW_MEMORY = Duration.ofDays(1);

	/** Rows deleted through Hibernate, with when to forget them (epoch ms). */
	private final Map<String, Long> deletedRows = new ConcurrentHashMap<>();

	/**
	 * Creates a store.
	 * @param clock the clock for leases
	 */
	public MemoryDeltaStore(Clock clock) {
		this.clock = clock;
	}

	@Override
	public int shards() {
		return 1;
	}

	@Override
	public void add(Map<CounterKey, Long> deltas) {
		List<Map.Entry<CounterKey, Long>> added = new ArrayList<>(deltas.size());
		for (Map.Entry<CounterKey, Long> entry : deltas.entrySet()) {
			try {
				addOne(entry.getKey(), entry.getValue());
				added.add(entry);
			}
			catch (ArithmeticException ex) {
				added.forEach((done) -> addOne(done.getKey(), -done.getValue()));
				throw new RefusedDeltasException("Cannot add " + entry.getValue() + " to " + entry.getKey()
						+ ": the buffered sum would overflow a 64-bit integer", ex);
			}
		}
	}

	private void addOne(CounterKey key, long delta) {
		if (this.pendingSince.get() == 0) {
			this.pendingSince.compareAndSet(0, this.clock.millis());
		}
		while (!this.buffered.computeIfAbsent(key, (k) -> new DeltaCell()).add(delta)) {
			Thread.onSpinWait();
		}
	}

	@Override
	public synchronized Optional<ClaimedBatch> claim(int shard, int maxKeys, Duration lease) {
		long now = this.clock.millis();
		for (Map.Entry<String, Lease> entry : this.claimed.entrySet()) {
			if (entry.getValue().until <= now) {
				Lease due = entry.getValue();
				Lease renewed = new Lease(new ClaimedBatch(due.batch.id(), 0, due.batch.deltas(), Map.of(),
						due.batch.attempts() + 1), now + lease.toMillis(), due.claimedAt);
				entry.setValue(renewed);
				return Optional.of(renewed.batch);
			}
		}
		Map<CounterKey, Long> deltas = new HashMap<>();
		long since = this.pendingSince.getAndSet(0);
		for (Map.Entry<CounterKey, DeltaCell> entry : this.buffered.entrySet()) {
			if (deltas.size() >= maxKeys) {
				break;
			}
			long delta = entry.getValue().drain();
			if (delta != 0) {
				// the walk can meet a key twice (its retired cell removed below, a fresh one put
				// back into the same bin behind a key not visited yet): both sums count
				deltas.merge(entry.getKey(), delta, Long::sum);
			}
			if (entry.getValue().retireIfEmpty()) {
				this.buffered.remove(entry.getKey(), entry.getValue());
			}
		}
		if (!this.buffered.isEmpty() && since != 0) {
			this.pendingSince.compareAndSet(0, since);
		}
		if (deltas.isEmpty()) {
			return Optional.empty();
		}
		ClaimedBatch batch = new ClaimedBatch(UUID.randomUUID().toString(), 0, deltas, Map.of(), 1);
		this.claimed.put(batch.id(), new Lease(batch, now + lease.toMillis(), (since != 0) ? since : now));
		this.claimVersion.incrementAndGet();
		return Optional.of(batch);
	}

	@Override
	public synchronized int acknowledge(ClaimedBatch batch, Iterable<RejectedDelta> rejected, int maxAttempts) {
		if (this.claimed.remove(batch.id()) == null) {
			return 0;
		}
		int parked = 0;
		Map<CounterKey, Long> failed = new HashMap<>();
		Map<CounterKey, String> errors = new HashMap<>();
		rejected.forEach((delta) -> {
			failed.put(delta.key(), delta.delta());
			errors.put(delta.key(), delta.error());
		});
		for (Map.Entry<CounterKey, Long> entry : failed.entrySet()) {
			int attempts = this.failures.merge(entry.getKey(), 1, Integer::sum);
			if (attempts >= maxAttempts) {
				this.failures.remove(entry.getKey());
				this.dead.merge(entry.getKey(), entry.getValue(), Long::sum);
				this.deadErrors.put(entry.getKey(), attempts + " " + errors.get(entry.getKey()));
				parked++;
			}
			else {
				addOne(entry.getKey(), entry.getValue());
			}
		}
		if (!this.failures.isEmpty()) {
			batch.deltas().keySet().stream().filter((key) -> !failed.containsKey(key)).forEach(this.failures::remove);
		}
		return parked;
	}

	@Override
	public synchronized void release(ClaimedBatch batch, Duration retryAfter) {
		this.claimed.computeIfPresent(batch.id(),
				(id, lease) -> new Lease(lease.batch, this.clock.millis() + retryAfter.toMillis(), lease.claimedAt));
	}

	@Override
	public synchronized PendingSnapshot pending(CounterKey key) {
		DeltaCell cell = this.buffered.get(key);
		Map<String, Long> inFlight = new HashMap<>();
		this.claimed.forEach((id, lease) -> {
			Long delta = lease.batch.deltas().get(key);
			if (delta != null) {
				inFlight.put(id, delta);
			}
		});
		return new PendingSnapshot((cell != null) ? cell.get() : 0, inFlight, this.claimVersion.get());
	}

	/** Reads the buffered cells and the claimed batches of the field under the claim monitor. */
	@Override
	public synchronized Map<CounterKey, PendingSnapshot> pendingOfField(Collection<String> entities, String field) {
		Set<CounterKey> keys = new HashSet<>();
		this.buffered.forEach((key, cell) -> {
			if (isOf(key, entities, field) && cell.get() != 0) {
				keys.add(key);
			}
		});
		this.claimed.values()
			.forEach((lease) -> lease.batch.deltas().keySet().stream().filter((key) -> isOf(key, entities, field))
				.forEach(keys::add));
		Map<CounterKey, PendingSnapshot> snapshots = new HashMap<>();
		keys.forEach((key) -> snapshots.put(key, pending(key)));
		return snapshots;
	}

	private static boolean isOf(CounterKey key, Collection<String> entities, String field) {
		return key.field().equals(field) && entities.contains(key.entity());
	}

	/**
	 * Remembers, for a day, the rows with a delta pending or in a claimed batch: in one process a
	 * delta reaches the store within seconds, and a row with nothing pending leaves nothing over.
	 */
	@Override
	public void rowsDeleted(Collection<CounterKey> counters) {
		long now = this.clock.millis();
		this.deletedRows.values().removeIf((until) -> until < now);
		counters.stream()
			.filter(this::hasPending)
			.forEach((key) -> this.deletedRows.put(key.row(), now + DELETED_ROW_MEMORY.toMillis()));
	}

	private boolean hasPending(CounterKey key) {
		PendingSnapshot snapshot = pending(key);
		return snapshot.total() != 0 || !snapshot.inFlight().isEmpty();
	}

	@Override
	public Set<CounterKey> deletedAmong(Collection<CounterKey> keys) {
		long now = this.clock.millis();
		Set<CounterKey> deleted = new HashSet<>();
		keys.forEach((key) -> {
			Long until = this.deletedRows.get(key.row());
			if (until != null && until >= now) {
				deleted.add(key);
			}
		});
		return deleted;
	}

	@Override
	public long claimVersion(CounterKey key) {
		return this.claimVersion.get();
	}

	@Override
	public long deadLetterCount() {
		return this.dead.size();
	}

	@Override
	public long pendingKeyCount() {
		return this.buffered.values().stream().filter((cell) -> cell.get() != 0).count();
	}

	@Override
	public PendingPage scanPending(@Nullable String entity, @Nullable String cursor, int limit) {
		CounterKey after = (cursor != null && !cursor.isEmpty()) ? decodeCursor(cursor) : null;
		List<PendingDelta> deltas = this.buffered.entrySet()
			.stream()
			.filter((entry) -> entity == null || entry.getKey().entity().equals(entity))
			.filter((entry) -> after == null || entry.getKey().compareTo(after) > 0)
			.map((entry) -> new PendingDelta(entry.getKey(), entry.getValue().get()))
			.filter((delta) -> delta.delta() != 0)
			.sorted(Comparator.comparing(PendingDelta::key))
			.limit(limit + 1L)
			.toList();
		if (deltas.size() <= limit) {
			return new PendingPage(deltas, null);
		}
		List<PendingDelta> page = deltas.subList(0, limit);
		return new PendingPage(page, page.get(limit - 1).key().encode());
	}

	private static CounterKey decodeCursor(String cursor) {
		try {
			return CounterKey.decode(cursor);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid cursor '" + cursor
					+ "': pass the nextCursor of a previous page, or no cursor for the first page");
		}
	}

	@Override
	public synchronized Optional<Instant> oldestPending() {
		long oldest = this.pendingSince.get();
		for (Lease lease : this.claimed.values()) {
			oldest = (oldest == 0) ? lease.claimedAt : Math.min(oldest, lease.claimedAt);
		}
		return (oldest != 0) ? Optional.of(Instant.ofEpochMilli(oldest)) : Optional.empty();
	}

	@Override
	public List<DeadLetter> deadLetters(int limit) {
		return this.dead.entrySet().stream().limit(limit).map((entry) -> {
			String info = this.deadErrors.getOrDefault(entry.getKey(), "0 ");
			int space = info.indexOf(' ');
			return new DeadLetter(entry.getKey().encode(), Long.toString(entry.getValue()),
					Integer.parseInt(info.substring(0, space)), info.substring(space + 1));
		}).toList();
	}

	@Override
	public synchronized int retryDeadLetters(@Nullable String key) {
		int moved = 0;
		for (CounterKey dead : deadKeys(key)) {
			Long delta = this.dead.remove(dead);
			if (delta != null) {
				this.deadErrors.remove(dead);
				addOne(dead, delta);
				moved++;
			}
		}
		return moved;
	}

	@Override
	public synchronized int discardDeadLetters(@Nullable String key) {
		int deleted = 0;
		for (CounterKey dead : deadKeys(key)) {
			if (this.dead.remove(dead) != null) {
				this.deadErrors.remove(dead);
				deleted++;
			}
		}
		return deleted;
	}

	private List<CounterKey> deadKeys(String key) {
		if (key == null) {
			return this.dead.keySet().stream().limit(1000).toList();
		}
		try {
			return List.of(CounterKey.decode(key));
		}
		catch (IllegalArgumentException ex) {
			return List.of();
		}
	}

	private record Lease(ClaimedBatch batch, long until, long claimedAt) {
	}

}

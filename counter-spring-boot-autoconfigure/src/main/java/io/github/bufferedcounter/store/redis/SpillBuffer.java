package io.github.bufferedcounter.store.redis;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.SpillBufferFullException;

/**
 * Deltas that wait in this process while Redis cannot be reached. It holds two kinds: writes
 * whose outcome is unclear (sent, then a timeout or a dropped connection), kept exactly as sent
 * with their write number so that sending them again is harmless; and deltas that arrived
 * while it was active, summed per key. Once active it stays active, and every new delta joins
 * it, until everything it holds is in Redis, so deltas reach Redis in the order they came. The
 * number of distinct keys it holds is bounded; past the bound new keys are refused.
 */
final class SpillBuffer {

	private final int limit;

	/**
	 * Guards everything below. A lock, not a monitor: while Redis is away every add of every
	 * thread comes here, and a virtual thread waiting for a monitor pins its carrier on Java 21
	 * to 23, however short the wait.
	 */
	private final ReentrantLock lock = new ReentrantLock();

	private final Deque<RedisWrite> unclear = new ArrayDeque<>();

	private Map<CounterKey, Long> held = new HashMap<>();

	/** The distinct keys of the held deltas and the unclear writes, which the bound counts. */
	private final Set<CounterKey> keys = new HashSet<>();

	private volatile boolean active;

	private boolean closed;

	private final LongAdder spilled = new LongAdder();

	private final LongAdder refused = new LongAdder();

	/**
	 * @param limit the most distinct keys to hold, 0 to never spill
	 */
	SpillBuffer(int limit) {
		this.limit = limit;
	}

	boolean enabled() {
		return this.limit > 0;
	}

	boolean active() {
		return this.active;
	}

	/** Keeps a write whose outcome is unclear, whatever the bound: its callers were told it succeeded. */
	void keepUnclear(RedisWrite write) {
		this.lock.lock();
		try {
			this.unclear.addLast(write);
			this.keys.addAll(write.deltas().keySet());
			this.active = true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Holds deltas while the buffer is active.
	 * @return {@code false} if it is not active, so the deltas should go to Redis
	 * @throws SpillBufferFullException if they would take it past its bound
	 * @throws IllegalStateException if it is closed
	 */
	boolean hold(Map<CounterKey, Long> deltas) {
		this.lock.lock();
		try {
			if (!this.active) {
				return false;
			}
			if (this.closed) {
				// nothing sends what is held any more, and what it held is already reported
				throw new IllegalStateException("The buffered counter store is closed and Redis cannot be reached; "
						+ "deltas " + deltas + " were not added");
			}
			long newKeys = deltas.keySet().stream().filter((key) -> !this.keys.contains(key)).count();
			int holding = this.keys.size();
			if (holding + newKeys > this.limit) {
				this.refused.increment();
				throw new SpillBufferFullException("Redis cannot be reached and the local spill buffer already holds "
						+ holding + " keys, its limit (buffered-counter.redis.spill-limit = "
						+ this.limit + "); deltas " + deltas + " were not recorded. Restore Redis, or raise the limit");
			}
			// every sum first, so an overflow leaves the buffer as it was
			Map<CounterKey, Long> sums = new HashMap<>();
			deltas.forEach((key, delta) -> sums.put(key, Math.addExact(this.held.getOrDefault(key, 0L), delta)));
			this.held.putAll(sums);
			this.keys.addAll(sums.keySet());
			this.spilled.add(deltas.size());
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	RedisWrite firstUnclear() {
		this.lock.lock();
		try {
			return this.unclear.peekFirst();
		}
		finally {
			this.lock.unlock();
		}
	}

	void sent(RedisWrite write) {
		this.lock.lock();
		try {
			if (this.unclear.peekFirst() == write) {
				this.unclear.removeFirst();
				recountKeys();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Replaces the first kept write by others, queued after every kept write: they carry new
	 * numbers, higher than those of the writes before them.
	 */
	void replace(RedisWrite write, List<RedisWrite> parts) {
		this.lock.lock();
		try {
			if (this.unclear.peekFirst() == write) {
				this.unclear.removeFirst();
				this.unclear.addAll(parts);
				recountKeys();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Turns the held deltas into writes kept as unclear, in one step, so that no reader sees
	 * them in neither place.
	 * @param plan numbers the held deltas as one or more writes
	 * @return whether anything was held
	 */
	boolean keepHeldAs(Function<Map<CounterKey, Long>, List<RedisWrite>> plan) {
		this.lock.lock();
		try {
			if (this.held.isEmpty()) {
				return false;
			}
			List<RedisWrite> writes = plan.apply(this.held);
			this.held = new HashMap<>();
			this.unclear.addAll(writes);
			recountKeys();
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Deactivates the buffer if it holds nothing any more. */
	boolean finishIfEmpty() {
		this.lock.lock();
		try {
			if (this.unclear.isEmpty() && this.held.isEmpty()) {
				this.active = false;
			}
			return !this.active;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Returns what the buffer holds for each of the keys it holds anything for. */
	Map<CounterKey, Long> heldFor(Collection<CounterKey> keys) {
		this.lock.lock();
		try {
			Map<CounterKey, Long> held = new HashMap<>();
			for (CounterKey key : keys) {
				long sum = heldFor(key);
				if (sum != 0) {
					held.put(key, sum);
				}
			}
			return held;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Returns what the buffer holds for a key. */
	long heldFor(CounterKey key) {
		this.lock.lock();
		try {
			long sum = this.held.getOrDefault(key, 0L);
			for (RedisWrite write : this.unclear) {
				sum += write.deltas().getOrDefault(key, 0L);
			}
			return sum;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Returns how many distinct keys it holds. */
	int keys() {
		this.lock.lock();
		try {
			return this.keys.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Rebuilds the key set after writes left the buffer; only while draining. */
	private void recountKeys() {
		this.keys.clear();
		this.keys.addAll(this.held.keySet());
		this.unclear.forEach((write) -> this.keys.addAll(write.deltas().keySet()));
	}

	/**
	 * Takes no deltas any more and returns what it still holds, the first time only, so that
	 * a second close does not report the same deltas again.
	 */
	Map<CounterKey, Long> close() {
		this.lock.lock();
		try {
			if (this.closed) {
				return Map.of();
			}
			this.closed = true;
			return contents();
		}
		finally {
			this.lock.unlock();
		}
	}

	Map<CounterKey, Long> contents() {
		this.lock.lock();
		try {
			Map<CounterKey, Long> all = new HashMap<>(this.held);
			this.unclear.forEach((write) -> write.deltas().forEach((key, delta) -> all.merge(key, delta, Long::sum)));
			return all;
		}
		finally {
			this.lock.unlock();
		}
	}

	long spilled() {
		return this.spilled.sum();
	}

	long refused() {
		return this.refused.sum();
	}

}

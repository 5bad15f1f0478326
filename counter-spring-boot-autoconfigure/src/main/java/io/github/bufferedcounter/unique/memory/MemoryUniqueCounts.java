package io.github.bufferedcounter.unique.memory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.unique.UniqueCounts;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;

/**
 * Unique counts in this process, with Apache DataSketches' HyperLogLog sketches at
 * {@code lgK = 14}: 16,384 registers like Redis's, so the same standard error of about 0.81 %,
 * in at most about 16 KB per cell. One instance only, like the memory delta store; the sketches
 * go when the process does, while the columns keep the last estimates written.
 */
public class MemoryUniqueCounts implements UniqueCounts {

	/** log2 of the number of registers: 2^14, as in Redis. */
	static final int LG_K = 14;

	private final Map<CounterKey, HllSketch> sketches = new ConcurrentHashMap<>();

	/** Marked cells and the time each may be claimed, in epoch milliseconds; 0 is at once. */
	private final Map<CounterKey, Long> marks = new ConcurrentHashMap<>();

	private final Clock clock;

	/**
	 * Creates the store.
	 * @param clock the clock for leases
	 */
	public MemoryUniqueCounts(Clock clock) {
		this.clock = clock;
	}

	@Override
	public void add(CounterKey cell, Collection<String> keys) {
		if (keys.isEmpty()) {
			return;
		}
		HllSketch sketch = this.sketches.computeIfAbsent(cell, (key) -> new HllSketch(LG_K, TgtHllType.HLL_8));
		synchronized (sketch) {
			keys.forEach(sketch::update);
			this.marks.put(cell, 0L);
		}
	}

	@Override
	public long estimate(CounterKey cell) {
		HllSketch sketch = this.sketches.get(cell);
		if (sketch == null) {
			return 0;
		}
		synchronized (sketch) {
			return Math.round(sketch.getEstimate());
		}
	}

	@Override
	public synchronized ClaimedEstimates claim(int shard, int max, Duration lease) {
		long now = this.clock.millis();
		long until = now + lease.toMillis();
		List<Estimate> estimates = new ArrayList<>();
		for (Map.Entry<CounterKey, Long> mark : this.marks.entrySet()) {
			if (estimates.size() >= max) {
				break;
			}
			CounterKey cell = mark.getKey();
			HllSketch sketch = this.sketches.get(cell);
			synchronized (sketch) {
				if (this.marks.get(cell) <= now) {
					this.marks.put(cell, until);
					estimates.add(new Estimate(cell, Math.round(sketch.getEstimate())));
				}
			}
		}
		return new ClaimedEstimates(shard, until, List.copyOf(estimates));
	}

	@Override
	public void written(ClaimedEstimates claimed) {
		for (Estimate estimate : claimed.estimates()) {
			HllSketch sketch = this.sketches.get(estimate.cell());
			synchronized (sketch) {
				this.marks.remove(estimate.cell(), claimed.lease());
			}
		}
	}

	@Override
	public long markedCells() {
		return this.marks.size();
	}

	@Override
	public int shards() {
		return 1;
	}

}

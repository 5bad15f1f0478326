package io.github.bufferedcounter.rollup;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import io.github.bufferedcounter.RollupPeriod;
import io.github.bufferedcounter.mapping.CounterRegistry;
import io.github.bufferedcounter.mapping.CounterTable;
import io.github.bufferedcounter.store.CounterKey;

/**
 * Adds the bucket deltas of {@code @CounterRollup} counters to committed deltas, at the moment
 * they are handed to the store: each delta of such a counter is also added to the current
 * bucket of each of its periods. The column's delta and its buckets' then go to the store in
 * the same call.
 */
public final class RollupBuckets {

	private final CounterRegistry registry;

	private final Clock clock;

	private final ZoneId zone;

	private final boolean any;

	/**
	 * Creates the step.
	 * @param registry the counters and their rollups
	 * @param clock the clock telling the current bucket
	 * @param zone the time zone buckets are local to
	 */
	public RollupBuckets(CounterRegistry registry, Clock clock, ZoneId zone) {
		this.registry = registry;
		this.clock = clock;
		this.zone = zone;
		this.any = registry != null && registry.hasRollups();
	}

	/**
	 * Returns the step for counters without rollups, which adds nothing.
	 * @return a step that returns deltas as they are
	 */
	public static RollupBuckets none() {
		return new RollupBuckets(null, Clock.systemUTC(), ZoneId.of("UTC"));
	}

	/**
	 * Returns the deltas with the bucket deltas of their rollups added, or the deltas themselves
	 * if none has a rollup.
	 * @param deltas committed deltas of counter columns
	 * @return the deltas and their buckets' deltas
	 */
	public Map<CounterKey, Long> withBuckets(Map<CounterKey, Long> deltas) {
		if (!this.any) {
			return deltas;
		}
		Map<CounterKey, Long> all = null;
		LocalDateTime now = null;
		for (Map.Entry<CounterKey, Long> delta : deltas.entrySet()) {
			Set<RollupPeriod> periods = periods(delta.getKey());
			if (periods.isEmpty()) {
				continue;
			}
			if (all == null) {
				all = new HashMap<>(deltas);
				now = now();
			}
			for (RollupPeriod period : periods) {
				all.merge(new BucketKey(delta.getKey(), period, period.start(now)).key(), delta.getValue(),
						Math::addExact);
			}
		}
		return (all != null) ? all : deltas;
	}

	private Set<RollupPeriod> periods(CounterKey key) {
		try {
			CounterTable table = this.registry.table(key);
			return table.rollups(key.field());
		}
		catch (IllegalArgumentException ex) {
			return Set.of();
		}
	}

	/**
	 * Returns the local time now in the rollup time zone.
	 * @return the local time that picks the current buckets
	 */
	public LocalDateTime now() {
		return LocalDateTime.ofInstant(this.clock.instant(), this.zone);
	}

	/**
	 * Returns the time zone buckets are local to.
	 * @return the zone
	 */
	public ZoneId zone() {
		return this.zone;
	}

}

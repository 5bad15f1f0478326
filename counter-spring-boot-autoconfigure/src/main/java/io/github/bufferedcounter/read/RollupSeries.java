package io.github.bufferedcounter.read;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.bufferedcounter.RollupPeriod;
import io.github.bufferedcounter.flush.Flusher;
import io.github.bufferedcounter.mapping.CounterTable;
import io.github.bufferedcounter.rollup.BucketDelta;
import io.github.bufferedcounter.rollup.BucketKey;
import io.github.bufferedcounter.rollup.RollupTable;
import io.github.bufferedcounter.rollup.RollupTable.Written;
import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.PendingSnapshot;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * Reads the buckets of a {@code @CounterRollup} counter as {@link CurrentValues} reads columns:
 * the store's pending bucket deltas, then in one statement the written buckets and which of
 * the store's in-flight batches the database has already applied, again if a batch was claimed
 * on the row's shard meanwhile.
 */
public final class RollupSeries {

	/** The most buckets one read returns. */
	public static final int MAX_BUCKETS = 5000;

	private static final int MAX_READS = 20;

	private final EntityManagerFactory entityManagerFactory;

	private final DeltaStore store;

	/**
	 * Creates the reader.
	 * @param entityManagerFactory the persistence unit of the counters
	 * @param store the buffer
	 */
	public RollupSeries(EntityManagerFactory entityManagerFactory, DeltaStore store) {
		this.entityManagerFactory = entityManagerFactory;
		this.store = store;
	}

	/**
	 * Reads every bucket from the one {@code from} falls in up to {@code to}, excluded; a bucket
	 * nothing was counted in reads as zero.
	 * @param table the holder's counters
	 * @param cell the counter column's key
	 * @param period the period, one of the counter's rollups
	 * @param from the start of the range
	 * @param to the end of the range, excluded
	 * @return the count of each bucket start, in order
	 * @throws IllegalArgumentException if the range is empty or holds more than
	 * {@value #MAX_BUCKETS} buckets
	 */
	public Map<LocalDateTime, Long> read(CounterTable table, CounterKey cell, RollupPeriod period, LocalDateTime from,
			LocalDateTime to) {
		List<LocalDateTime> starts = starts(cell, period, from, to);
		Map<CounterKey, LocalDateTime> keys = new LinkedHashMap<>();
		starts.forEach((start) -> keys.put(new BucketKey(cell, period, start).key(), start));
		for (int read = 1;; read++) {
			Map<CounterKey, PendingSnapshot> pending = this.store.pendingAll(keys.keySet());
			Set<String> inFlight = new LinkedHashSet<>();
			pending.values().forEach((snapshot) -> inFlight.addAll(snapshot.inFlight().keySet()));
			Written written = readWritten(table, cell, period, starts.get(0), to, List.copyOf(inFlight));
			Map<LocalDateTime, Long> series = new LinkedHashMap<>();
			keys.forEach((key, start) -> {
				PendingSnapshot snapshot = pending.get(key);
				long count = written.buckets().getOrDefault(start, 0L) + snapshot.buffered();
				for (Map.Entry<String, Long> batch : snapshot.inFlight().entrySet()) {
					if (!written.appliedBatches().contains(batch.getKey())) {
						count += batch.getValue();
					}
				}
				series.put(start, count);
			});
			if (read == MAX_READS || ClaimVersions.unchangedSince(this.store, pending)) {
				return series;
			}
		}
	}

	private static List<LocalDateTime> starts(CounterKey cell, RollupPeriod period, LocalDateTime from,
			LocalDateTime to) {
		if (from == null || to == null || !from.isBefore(to)) {
			throw new IllegalArgumentException("The range of a series of " + cell + " must be from a time before 'to'; "
					+ "got from " + from + " to " + to);
		}
		List<LocalDateTime> starts = new ArrayList<>();
		for (LocalDateTime start = period.start(from); start.isBefore(to); start = period.next(start)) {
			if (starts.size() == MAX_BUCKETS) {
				throw new IllegalArgumentException("The range " + from + " to " + to + " holds more than " + MAX_BUCKETS
						+ " " + period + " buckets of " + cell + "; read it in parts of at most " + MAX_BUCKETS);
			}
			starts.add(start);
		}
		return starts;
	}

	/** Reads on a connection of its own, never through the caller's transaction, as {@link CurrentValues}. */
	private Written readWritten(CounterTable table, CounterKey cell, RollupPeriod period, LocalDateTime from,
			LocalDateTime to, List<String> batches) {
		BucketDelta bucket = new BucketDelta(Map.of(), table.table(), table.columns().get(cell.field()), cell.id(),
				period, from, 0);
		EntityManager entityManager = this.entityManagerFactory.createEntityManager();
		try {
			SharedSessionContractImplementor session = entityManager.unwrap(SharedSessionContractImplementor.class);
			return session.doReturningWork((connection) -> RollupTable.read(connection, bucket, from, to,
					Flusher.APPLIED_BATCH_TABLE, batches));
		}
		finally {
			entityManager.close();
		}
	}

}

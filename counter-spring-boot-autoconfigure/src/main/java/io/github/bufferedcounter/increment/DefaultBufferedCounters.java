package io.github.bufferedcounter.increment;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.CounterBucket;
import io.github.bufferedcounter.CounterCheck;
import io.github.bufferedcounter.FlushResult;
import io.github.bufferedcounter.HolderFilter;
import io.github.bufferedcounter.RankedCount;
import io.github.bufferedcounter.RollupPeriod;
import io.github.bufferedcounter.SampleCheck;
import io.github.bufferedcounter.VerifyMode;
import io.github.bufferedcounter.flush.Flusher;
import io.github.bufferedcounter.mapping.CounterRegistry;
import io.github.bufferedcounter.mapping.CounterTable;
import io.github.bufferedcounter.read.CurrentValues;
import io.github.bufferedcounter.read.RollupSeries;
import io.github.bufferedcounter.read.TopCounters;
import io.github.bufferedcounter.recount.CounterRepair;
import io.github.bufferedcounter.rollup.RollupBuckets;
import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeltaStore;
import io.github.bufferedcounter.store.PendingSnapshot;
import io.github.bufferedcounter.store.UncertainCommits;
import io.github.bufferedcounter.unique.UniqueCounts;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.Hibernate;
import org.jspecify.annotations.Nullable;

/**
 * The {@link BufferedCounters} the starter provides: it checks each call against the
 * {@link CounterRegistry}, records increments through the current transaction into the
 * {@link DeltaStore}, and reads values back with the database.
 */
public class DefaultBufferedCounters implements BufferedCounters {

	private static final int RECOUNT_CHUNK = 1000;

	private final CounterRegistry registry;

	private final DeltaStore store;

	private final Flusher flusher;

	private final EntityManagerFactory entityManagerFactory;

	private final CurrentValues currentValues;

	private final TopCounters top;

	private final CounterRepair repair;

	private final UncertainCommits uncertain;

	private final LongAdder recorded = new LongAdder();

	private final UniqueCounts uniqueCounts;

	private final RollupBuckets rollups;

	private final RollupSeries series;

	/**
	 * Creates the service.
	 * @param registry the known counters
	 * @param store the buffer
	 * @param flusher the flusher behind {@link #flush()}
	 * @param entityManagerFactory the persistence unit of the counters
	 */
	public DefaultBufferedCounters(CounterRegistry registry, DeltaStore store, Flusher flusher,
			EntityManagerFactory entityManagerFactory) {
		this(registry, store, flusher, entityManagerFactory, new UncertainCommits());
	}

	/**
	 * Creates the service.
	 * @param registry the known counters
	 * @param store the buffer
	 * @param flusher the flusher behind {@link #flush()}
	 * @param entityManagerFactory the persistence unit of the counters
	 * @param uncertain takes the deltas of transactions whose commit outcome is unknown
	 */
	public DefaultBufferedCounters(CounterRegistry registry, DeltaStore store, Flusher flusher,
			EntityManagerFactory entityManagerFactory, UncertainCommits uncertain) {
		this(registry, store, flusher, entityManagerFactory, uncertain, null);
	}

	/**
	 * Creates the service.
	 * @param registry the known counters
	 * @param store the buffer
	 * @param flusher the flusher behind {@link #flush()}
	 * @param entityManagerFactory the persistence unit of the counters
	 * @param uncertain takes the deltas of transactions whose commit outcome is unknown
	 * @param uniqueCounts the sketches of unique counters, or {@code null} if there are none
	 */
	public DefaultBufferedCounters(CounterRegistry registry, DeltaStore store, Flusher flusher,
			EntityManagerFactory entityManagerFactory, UncertainCommits uncertain, @Nullable UniqueCounts uniqueCounts) {
		this(registry, store, flusher, entityManagerFactory, uncertain, uniqueCounts, RollupBuckets.none());
	}

	/**
	 * Creates the service.
	 * @param registry the known counters
	 * @param store the buffer
	 * @param flusher the flusher behind {@link #flush()}
	 * @param entityManagerFactory the persistence unit of the counters
	 * @param uncertain takes the deltas of transactions whose commit outcome is unknown
	 * @param uniqueCounts the sketches of unique counters, or {@code null} if there are none
	 * @param rollups adds the buckets of {@code @CounterRollup} counters to committed deltas
	 */
	public DefaultBufferedCounters(CounterRegistry registry, DeltaStore store, Flusher flusher,
			EntityManagerFactory entityManagerFactory, UncertainCommits uncertain, @Nullable UniqueCounts uniqueCounts,
			RollupBuckets rollups) {
		this.registry = registry;
		this.rollups = rollups;
		this.series = new RollupSeries(entityManagerFactory, store);
		this.uniqueCounts = uniqueCounts;
		this.uncertain = uncertain;
		this.store = store;
		this.flusher = flusher;
		this.entityManagerFactory = entityManagerFactory;
		this.currentValues = new CurrentValues(entityManagerFactory, store);
		this.top = new TopCounters(entityManagerFactory, registry, store);
		this.repair = new CounterRepair(entityManagerFactory, registry, store);
	}

	@Override
	public void increment(Class<?> entityType, Object id, String field, long delta) {
		CounterTable table = this.registry.table(entityType);
		CounterKey key = table.key(id, field);
		if (table.isUnique(field)) {
			throw new IllegalArgumentException("'" + field + "' of " + entityType.getName()
					+ " is a unique counter (@BufferedCounter(unique = true)), which counts distinct keys; "
					+ "use countUnique(" + entityType.getSimpleName() + ".class, id, \"" + field + "\", key) instead");
		}
		if (delta == Long.MIN_VALUE) {
			throw new IllegalArgumentException("Delta " + delta + " for " + key
					+ " cannot be negated; use a delta between " + -Long.MAX_VALUE + " and " + Long.MAX_VALUE);
		}
		if (delta != 0) {
			TransactionalDeltas.record(this.store, key, delta, this.recorded, this.uncertain, this.rollups);
		}
	}

	@Override
	public void increment(Object entity, String field, long delta) {
		if (entity == null) {
			throw new IllegalArgumentException("Entity must not be null");
		}
		Class<?> type = Hibernate.getClassLazy(entity);
		increment(type, idOf(entity, type, "increment(Class, Object, String, long)"), field, delta);
	}

	/** The id as Hibernate reads it, never through a getter the entity may not have. */
	private Object idOf(Object entity, Class<?> type, String idForm) {
		this.registry.table(type);
		Object id = this.entityManagerFactory.getPersistenceUnitUtil().getIdentifier(entity);
		if (id == null) {
			throw new IllegalArgumentException("The " + type.getSimpleName()
					+ " has no id yet (it was never persisted); persist it, or pass its id to " + idForm);
		}
		return id;
	}

	@Override
	public void countUnique(Class<?> entityType, Object id, String field, Collection<String> keys) {
		CounterTable table = this.registry.table(entityType);
		CounterKey cell = table.key(id, field);
		if (!table.isUnique(field)) {
			throw new IllegalArgumentException("'" + field + "' of " + entityType.getName()
					+ " is not a unique counter; mark it @BufferedCounter(unique = true), or use increment for it");
		}
		if (keys == null || keys.stream().anyMatch((key) -> key == null)) {
			throw new IllegalArgumentException("Keys counted into " + cell
					+ " must not be null; pass a collection of non-null strings, empty to count none");
		}
		if (this.uniqueCounts == null) {
			throw new IllegalStateException("No UniqueCounts store is configured for " + cell
					+ "; the auto-configuration provides one (the memory store needs "
					+ "org.apache.datasketches:datasketches-java on the classpath)");
		}
		if (!keys.isEmpty()) {
			UniqueKeysAtCommit.add(this.uniqueCounts, cell, List.copyOf(keys));
		}
	}

	@Override
	public long pending(Class<?> entityType, Object id, String field) {
		CounterKey key = this.registry.table(entityType).key(id, field);
		return this.store.pending(key).total() + TransactionalDeltas.uncommitted(this.store, key);
	}

	@Override
	public long current(Class<?> entityType, Object id, String field) {
		CounterTable table = this.registry.table(entityType);
		CounterKey key = table.key(id, field);
		long current = this.currentValues.read(table, id, key) + TransactionalDeltas.uncommitted(this.store, key);
		return table.isUnique(field) ? Math.max(current, estimate(key)) : current;
	}

	@Override
	public long current(Object entity, String field) {
		if (entity == null) {
			throw new IllegalArgumentException("Entity must not be null");
		}
		Class<?> type = Hibernate.getClassLazy(entity);
		return current(type, idOf(entity, type, "current(Class, Object, String)"), field);
	}

	@Override
	public <E> Map<E, Long> currentAll(Collection<E> entities, String field) {
		if (entities == null) {
			throw new IllegalArgumentException("Entities must not be null; pass an empty collection to read none");
		}
		Map<Class<?>, Map<E, Object>> idsByType = new LinkedHashMap<>();
		for (E entity : entities) {
			if (entity == null) {
				throw new IllegalArgumentException("Entities must not contain null");
			}
			Class<?> type = Hibernate.getClassLazy(entity);
			Object id = idOf(entity, type, "currentAll(Class, Collection, String)");
			idsByType.computeIfAbsent(type, (key) -> new LinkedHashMap<>()).putIfAbsent(entity, id);
		}
		Map<E, Long> byEntity = new HashMap<>();
		idsByType.forEach((type, ids) -> {
			Map<Object, Long> values = currentAll(type, ids.values(), field);
			ids.forEach((entity, id) -> byEntity.put(entity, values.get(id)));
		});
		Map<E, Long> values = new LinkedHashMap<>();
		entities.forEach((entity) -> values.putIfAbsent(entity, byEntity.get(entity)));
		return values;
	}

	private long estimate(CounterKey cell) {
		return (this.uniqueCounts != null) ? this.uniqueCounts.estimate(cell) : 0;
	}

	@Override
	public <I> Map<I, Long> pendingAll(Class<?> entityType, Collection<I> ids, String field) {
		Map<I, CounterKey> keys = keys(this.registry.table(entityType), ids, field);
		if (keys.isEmpty()) {
			return new LinkedHashMap<>();
		}
		Map<CounterKey, PendingSnapshot> pending = this.store.pendingAll(keys.values());
		Map<I, Long> values = new LinkedHashMap<>();
		keys.forEach((id, key) -> values.put(id,
				pending.get(key).total() + TransactionalDeltas.uncommitted(this.store, key)));
		return values;
	}

	@Override
	public <I> Map<I, Long> currentAll(Class<?> entityType, Collection<I> ids, String field) {
		CounterTable table = this.registry.table(entityType);
		Map<I, CounterKey> keys = keys(table, ids, field);
		if (keys.isEmpty()) {
			return new LinkedHashMap<>();
		}
		Map<CounterKey, Object> idsByKey = new LinkedHashMap<>();
		keys.forEach((id, key) -> idsByKey.put(key, id));
		Map<CounterKey, Long> current = this.currentValues.readAll(table, idsByKey);
		Map<I, Long> values = new LinkedHashMap<>();
		boolean unique = table.isUnique(field);
		keys.forEach((id, key) -> {
			long value = current.get(key) + TransactionalDeltas.uncommitted(this.store, key);
			values.put(id, unique ? Math.max(value, estimate(key)) : value);
		});
		return values;
	}

	/** Checks every id before anything is read, so that bad input reads nothing. */
	private static <I> Map<I, CounterKey> keys(CounterTable table, Collection<I> ids, String field) {
		if (ids == null) {
			throw new IllegalArgumentException("Ids must not be null; pass an empty collection to read none");
		}
		table.requireField(field);
		Map<I, CounterKey> keys = new LinkedHashMap<>();
		for (I id : ids) {
			keys.computeIfAbsent(id, (key) -> table.key(key, field));
		}
		return keys;
	}

	@Override
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public <I> List<RankedCount<I>> top(Class<?> entityType, String field, int n) {
		return (List) this.top.read(entityType, field, n, TransactionalDeltas.uncommittedAll(this.store));
	}

	@Override
	public List<CounterBucket> series(Class<?> entityType, Object id, String field, RollupPeriod period,
			LocalDateTime from, LocalDateTime to) {
		CounterTable table = this.registry.table(entityType);
		CounterKey cell = table.key(id, field);
		if (period == null || !table.rollups(field).contains(period)) {
			throw new IllegalArgumentException("'" + field + "' of " + entityType.getName() + " has no @CounterRollup "
					+ "with period " + period + "; its periods are " + table.rollups(field));
		}
		Map<LocalDateTime, Long> buckets = this.series.read(table, cell, period, from, to);
		long uncommitted = TransactionalDeltas.uncommitted(this.store, cell);
		if (uncommitted != 0) {
			LocalDateTime current = period.start(this.rollups.now());
			buckets.computeIfPresent(current, (start, count) -> count + uncommitted);
		}
		List<CounterBucket> series = new ArrayList<>();
		buckets.forEach((start, count) -> series.add(new CounterBucket(start, count)));
		return series;
	}

	@Override
	public long recalculate(Class<?> entityType, Object id, String field) {
		return this.repair.recalculate(entityType, id, field);
	}

	@Override
	public long recalculateAll(Class<?> entityType, String field) {
		this.flusher.flush();
		return this.repair.recalculateAll(entityType, field, RECOUNT_CHUNK);
	}

	@Override
	public long recalculateAll(Class<?> entityType, String field, Collection<?> ids) {
		this.flusher.flush();
		return this.repair.recalculateAll(entityType, field, ids, RECOUNT_CHUNK);
	}

	@Override
	public <E> long recalculateAll(Class<E> entityType, String field, HolderFilter<E> filter) {
		this.flusher.flush();
		return this.repair.recalculateAll(entityType, field, filter, RECOUNT_CHUNK);
	}

	@Override
	public CounterCheck verify(Class<?> entityType, Object id, String field) {
		return this.repair.verify(entityType, id, field);
	}

	@Override
	public SampleCheck verifySample(Class<?> entityType, String field, int sampleSize, VerifyMode mode) {
		return this.repair.verifySample(entityType, field, sampleSize, mode);
	}

	@Override
	public FlushResult flush() {
		return this.flusher.flush();
	}

	/**
	 * Returns how many increments reached the store since startup; increments of a transaction
	 * count once it committed.
	 * @return the number of recorded increments
	 */
	public long incrementsRecorded() {
		return this.recorded.sum();
	}

}

package io.github.bufferedcounter.recount;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.github.bufferedcounter.CounterCheck;
import io.github.bufferedcounter.CounterDriftException;
import io.github.bufferedcounter.HolderFilter;
import io.github.bufferedcounter.SampleCheck;
import io.github.bufferedcounter.VerifyMode;
import io.github.bufferedcounter.mapping.CounterCache;
import io.github.bufferedcounter.mapping.CounterRegistry;
import io.github.bufferedcounter.mapping.CounterTable;
import io.github.bufferedcounter.read.CurrentValues;
import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.store.DeltaStore;
import jakarta.persistence.EntityManagerFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.metamodel.mapping.JdbcMapping;

/**
 * Recounts counter caches in SQL and repairs them. One counter is repaired with a relative
 * correction, the recount minus the database value and everything pending, so a flush
 * running meanwhile changes nothing about the result. A whole column is recounted set-based
 * by {@link ColumnRecount}.
 *
 * <p>A recount is exact for the counted rows as they are when it runs; a counted row changed
 * while it runs may be counted by the recount and again by its pending delta, or by neither.
 */
public final class CounterRepair {

	private static final Log logger = LogFactory.getLog(CounterRepair.class);

	private final EntityManagerFactory entityManagerFactory;

	private final CounterRegistry registry;

	private final DeltaStore store;

	private final CurrentValues currentValues;

	/**
	 * Creates the repair service.
	 * @param entityManagerFactory the persistence unit
	 * @param registry its counters
	 * @param store the buffer
	 */
	public CounterRepair(EntityManagerFactory entityManagerFactory, CounterRegistry registry, DeltaStore store) {
		this.entityManagerFactory = entityManagerFactory;
		this.registry = registry;
		this.store = store;
		this.currentValues = new CurrentValues(entityManagerFactory, store);
	}

	/**
	 * Compares one counter cache with its recount.
	 * @param entityType the holder entity
	 * @param id the holder id
	 * @param field the counter field
	 * @return the comparison
	 */
	public CounterCheck verify(Class<?> entityType, Object id, String field) {
		CounterCache cache = counterCache(entityType, field);
		CounterKey key = cache.parent().key(id, field);
		long expected = recount(cache, id);
		long current = this.currentValues.read(cache.parent(), id, key);
		return new CounterCheck(cache.parent().entityClass(), id, field, current, expected);
	}

	/**
	 * Recounts one counter cache and corrects the database value by the difference.
	 * @param entityType the holder entity
	 * @param id the holder id
	 * @param field the counter field
	 * @return the recount, the value the column holds once everything pending is flushed
	 */
	public long recalculate(Class<?> entityType, Object id, String field) {
		CounterCheck check = verify(entityType, id, field);
		if (!check.correct()) {
			correct(counterCache(entityType, field).parent(), id, field, -check.drift());
		}
		return check.expected();
	}

	/**
	 * Recounts a whole counter cache column, in chunks of holder ids, one statement each.
	 * @param entityType the holder entity
	 * @param field the counter field
	 * @param chunkSize holder ids per statement
	 * @return how many holder rows were recounted
	 */
	public long recalculateAll(Class<?> entityType, String field, int chunkSize) {
		CounterCache cache = counterCache(entityType, field);
		RecountQuery query = new RecountQuery(cache);
		return new ColumnRecount(this.entityManagerFactory, this.store, cache, query, new AllHolders(query), chunkSize)
			.run();
	}

	/**
	 * Recounts a counter cache column for the given holder ids, in chunks, one statement each.
	 * @param entityType the holder entity
	 * @param field the counter field
	 * @param ids the holder ids
	 * @param chunkSize holder ids per statement
	 * @return how many holder rows were recounted
	 */
	public long recalculateAll(Class<?> entityType, String field, Collection<?> ids, int chunkSize) {
		CounterCache cache = counterCache(entityType, field);
		return new ColumnRecount(this.entityManagerFactory, this.store, cache, new RecountQuery(cache),
				new GivenHolders(cache.parent(), field, ids), chunkSize)
			.run();
	}

	/**
	 * Recounts a counter cache column for the holder rows a filter selects, in chunks of their
	 * ids, one statement each.
	 * @param <E> the holder entity
	 * @param entityType the holder entity
	 * @param field the counter field
	 * @param filter selects the holders
	 * @param chunkSize holder ids per statement
	 * @return how many holder rows were recounted
	 */
	public <E> long recalculateAll(Class<E> entityType, String field, HolderFilter<E> filter, int chunkSize) {
		CounterCache cache = counterCache(entityType, field);
		return new ColumnRecount(this.entityManagerFactory, this.store, cache, new RecountQuery(cache),
				new FilteredHolders<>(entityType, filter), chunkSize)
			.run();
	}

	/**
	 * Compares a random sample of a counter cache's holders with their recounts.
	 * @param entityType the holder entity
	 * @param field the counter field
	 * @param sampleSize how many holders to check at most
	 * @param mode what to do about counters that are off
	 * @return what was found
	 * @throws CounterDriftException in {@link VerifyMode#FAIL} if a counter is off
	 */
	public SampleCheck verifySample(Class<?> entityType, String field, int sampleSize, VerifyMode mode) {
		if (sampleSize < 1 || mode == null) {
			throw new IllegalArgumentException("Sample size must be at least 1 and mode one of "
					+ List.of(VerifyMode.values()) + "; got " + sampleSize + " and " + mode);
		}
		CounterCache cache = counterCache(entityType, field);
		List<CounterCheck> drifted = new ArrayList<>();
		List<Object> sample = sample(cache, sampleSize);
		for (Object id : sample) {
			CounterCheck check = verify(entityType, id, field);
			if (!check.correct()) {
				drifted.add(check);
			}
		}
		if (mode == VerifyMode.FAIL && !drifted.isEmpty()) {
			throw new CounterDriftException(drifted);
		}
		drifted.forEach((check) -> logger.warn("Counter cache off its recount: " + check));
		int corrected = 0;
		if (mode == VerifyMode.CORRECT) {
			for (CounterCheck check : drifted) {
				recalculate(entityType, check.id(), field);
				corrected++;
			}
		}
		return new SampleCheck(sample.size(), drifted, corrected);
	}

	private CounterCache counterCache(Class<?> entityType, String field) {
		CounterTable table = this.registry.table(entityType);
		CounterCache cache = this.registry.caches().find(table, field);
		if (cache == null) {
			List<String> caches = this.registry.caches()
				.all()
				.stream()
				.filter((candidate) -> candidate.parent().equals(table))
				.map(CounterCache::field)
				.toList();
			throw new IllegalArgumentException("'" + field + "' is not a counter cache of " + table.entityName()
					+ ", so there is nothing to recount it from; its counters with countOf are " + caches);
		}
		return cache;
	}

	private long recount(CounterCache cache, Object id) {
		cache.parent().key(id, cache.field());
		RecountQuery query = new RecountQuery(cache);
		return OwnTransaction.run(this.entityManagerFactory, (entityManager) -> ((Number) query
			.bind(entityManager.createQuery(query.forOne()))
			.setParameter("id", id)
			.getSingleResult()).longValue());
	}

	/** Picks holders at random offsets of the id order; one short query each. */
	private List<Object> sample(CounterCache cache, int sampleSize) {
		return OwnTransaction.run(this.entityManagerFactory, (entityManager) -> {
			long rows = ((Number) entityManager.createQuery("select count(h) from " + cache.parent().entityName() + " h")
				.getSingleResult()).longValue();
			List<Object> ids = new ArrayList<>();
			if (rows <= sampleSize) {
				ids.addAll(entityManager.createQuery(new RecountQuery(cache).ids(true)).getResultList());
				return ids;
			}
			ThreadLocalRandom random = ThreadLocalRandom.current();
			while (ids.size() < sampleSize) {
				Object id = entityManager.createQuery(new RecountQuery(cache).ids(true))
					.setFirstResult((int) Math.min(Integer.MAX_VALUE, random.nextLong(rows)))
					.setMaxResults(1)
					.getResultList()
					.stream()
					.findFirst()
					.orElse(null);
				if (id != null && !ids.contains(id)) {
					ids.add(id);
				}
			}
			return ids;
		});
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private void correct(CounterTable table, Object id, String field, long correction) {
		String column = table.columns().get(field);
		String sql = "update " + table.table() + " set " + column + " = coalesce(" + column + ", 0) + ? where " + table.idColumn()
				+ " = ?";
		OwnTransaction.run(this.entityManagerFactory, (entityManager) -> {
			SharedSessionContractImplementor session = entityManager.unwrap(SharedSessionContractImplementor.class);
			session.doWork((connection) -> {
				try (PreparedStatement update = connection.prepareStatement(sql)) {
					update.setLong(1, correction);
					JdbcMapping idMapping = table.idMapping();
					idMapping.getJdbcValueBinder().bind(update, idMapping.convertToRelationalValue(id), 2, session);
					update.executeUpdate();
				}
			});
			return null;
		});
		this.entityManagerFactory.getCache().evict(table.entityClass(), id);
		logger.info("Recalculated " + table.entityName() + "." + field + "[" + id + "]: corrected by " + correction);
	}

}

package io.github.bufferedcounter.unique;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.bufferedcounter.mapping.CounterRegistry;
import io.github.bufferedcounter.mapping.CounterTable;
import io.github.bufferedcounter.unique.UniqueCounts.ClaimedEstimates;
import io.github.bufferedcounter.unique.UniqueCounts.Estimate;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.metamodel.mapping.JdbcMapping;

/**
 * Writes the estimates of marked unique counters into their columns, one database
 * transaction per claim, with one {@code UPDATE ... SET c = ? WHERE id = ? AND (c IS NULL OR
 * c < ?)} per cell in a JDBC batch. An estimate is a value, not a delta, so a claim written twice
 * (its lease ran out, another instance took it) writes the same value again; the guard keeps an
 * older estimate, written late, from lowering a newer one. A failed write leaves the cells
 * marked: they are claimed again when the lease runs out.
 */
public class UniqueCountFlush {

	private static final Log logger = LogFactory.getLog(UniqueCountFlush.class);

	private final UniqueCounts counts;

	private final CounterRegistry registry;

	private final EntityManagerFactory entityManagerFactory;

	private final int batchSize;

	private final Duration lease;

	/**
	 * Creates the step.
	 * @param counts the sketches
	 * @param registry the known counters, the only source of table and column names
	 * @param entityManagerFactory the persistence unit of the counters
	 * @param batchSize the most cells per claim and transaction
	 * @param lease how long a claim holds its cells
	 */
	public UniqueCountFlush(UniqueCounts counts, CounterRegistry registry, EntityManagerFactory entityManagerFactory,
			int batchSize, Duration lease) {
		this.counts = counts;
		this.registry = registry;
		this.entityManagerFactory = entityManagerFactory;
		this.batchSize = batchSize;
		this.lease = lease;
	}

	/**
	 * Writes every marked cell's estimate, shard by shard.
	 * @return the number of cells written
	 */
	public int flush() {
		int written = 0;
		for (int shard = 0; shard < this.counts.shards(); shard++) {
			ClaimedEstimates claimed;
			do {
				claimed = this.counts.claim(shard, this.batchSize, this.lease);
				if (!claimed.isEmpty()) {
					write(claimed.estimates());
					this.counts.written(claimed);
					written += claimed.estimates().size();
				}
			}
			while (claimed.estimates().size() == this.batchSize);
		}
		return written;
	}

	private void write(List<Estimate> estimates) {
		Map<String, List<Target>> bySql = new LinkedHashMap<>();
		for (Estimate estimate : estimates) {
			CounterTable table;
			try {
				table = this.registry.table(estimate.cell().entity());
				table.requireField(estimate.cell().field());
			}
			catch (IllegalArgumentException ex) {
				logger.warn("Unique count " + estimate.cell() + " names no unique counter of this application; "
						+ "its estimate " + estimate.value() + " is not written: " + ex.getMessage());
				continue;
			}
			String column = table.columns().get(estimate.cell().field());
			String sql = "update " + table.table() + " set " + column + " = ? where " + table.idColumn() + " = ? and ("
					+ column + " is null or " + column + " < ?)";
			bySql.computeIfAbsent(sql, (key) -> new ArrayList<>())
				.add(new Target(table, table.parseId(estimate.cell().id()), estimate.value()));
		}
		if (bySql.isEmpty()) {
			return;
		}
		EntityManager entityManager = this.entityManagerFactory.createEntityManager();
		EntityTransaction transaction = entityManager.getTransaction();
		SharedSessionContractImplementor session = entityManager.unwrap(SharedSessionContractImplementor.class);
		try {
			transaction.begin();
			session.doWork((connection) -> {
				for (Map.Entry<String, List<Target>> statement : bySql.entrySet()) {
					try (PreparedStatement update = connection.prepareStatement(statement.getKey())) {
						for (Target target : statement.getValue()) {
							bind(update, target, session);
							update.addBatch();
						}
						update.executeBatch();
					}
				}
			});
			transaction.commit();
		}
		finally {
			if (transaction.isActive()) {
				transaction.rollback();
			}
			entityManager.close();
		}
		jakarta.persistence.Cache cache = this.entityManagerFactory.getCache();
		bySql.values().forEach((targets) -> targets.forEach((target) -> cache.evict(target.table().entityClass(), target.id())));
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static void bind(PreparedStatement update, Target target, SharedSessionContractImplementor session)
			throws SQLException {
		update.setLong(1, target.value());
		JdbcMapping id = target.table().idMapping();
		id.getJdbcValueBinder().bind(update, id.convertToRelationalValue(target.id()), 2, session);
		update.setLong(3, target.value());
	}

	private record Target(CounterTable table, Object id, long value) {

	}

}

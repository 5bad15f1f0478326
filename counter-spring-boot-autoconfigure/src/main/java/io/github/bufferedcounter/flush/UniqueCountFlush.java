package io.github.bufferedcounter.flush;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.bufferedcounter.mapping.CounterRegistry;
import io.github.bufferedcounter.mapping.CounterTable;
import io.github.bufferedcounter.store.CounterKey;
import io.github.bufferedcounter.unique.UniqueCounts;
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
 * older estimate, written late, from lowering a newer one. If the database fails as a whole
 * (see {@link SqlFailures}), the cells stay marked and are claimed again when the lease runs
 * out. If the claim fails for a row (a constraint, a value too large for its column), each
 * cell is written in a transaction of its own; a cell whose row refuses it is logged at ERROR
 * and left unmarked, and its next counted key marks it again. Its sketch is kept, so nothing
 * counted is lost.
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
		List<Target> targets = new ArrayList<>();
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
			targets.add(new Target(estimate.cell(), sql, table, table.parseId(estimate.cell().id()), estimate.value()));
		}
		if (targets.isEmpty()) {
			return;
		}
		try {
			inTransaction(targets);
		}
		catch (RuntimeException ex) {
			if (!SqlFailures.concernsRow(ex, false)) {
				throw ex;
			}
			targets.forEach(this::writeAlone);
		}
		jakarta.persistence.Cache cache = this.entityManagerFactory.getCache();
		targets.forEach((target) -> cache.evict(target.table().entityClass(), target.id()));
	}

	private void writeAlone(Target target) {
		try {
			inTransaction(List.of(target));
		}
		catch (RuntimeException ex) {
			if (!SqlFailures.concernsRow(ex, false)) {
				throw ex;
			}
			logger.error("The row of unique count " + target.cell() + " refused its estimate " + target.value()
					+ ", which is not written (" + SqlFailures.describe(ex) + "); the count's next key marks it "
					+ "again, and its sketch is kept");
		}
	}

	/** Runs the updates, one JDBC batch per statement, in one transaction. */
	private void inTransaction(List<Target> targets) {
		Map<String, List<Target>> bySql = new LinkedHashMap<>();
		targets.forEach((target) -> bySql.computeIfAbsent(target.sql(), (sql) -> new ArrayList<>()).add(target));
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
				BatchApplier.rollbackQuietly(transaction);
			}
			entityManager.close();
		}
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static void bind(PreparedStatement update, Target target, SharedSessionContractImplementor session)
			throws SQLException {
		update.setLong(1, target.value());
		JdbcMapping id = target.table().idMapping();
		id.getJdbcValueBinder().bind(update, id.convertToRelationalValue(target.id()), 2, session);
		update.setLong(3, target.value());
	}

	private record Target(CounterKey cell, String sql, CounterTable table, Object id, long value) {

	}

}

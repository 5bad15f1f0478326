package io.github.bufferedcounter.flush;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.github.bufferedcounter.mapping.CounterTable;
import io.github.bufferedcounter.store.CounterKey;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.metamodel.mapping.JdbcMapping;

/**
 * Writes many rows of one table and field set with one PostgreSQL statement:
 * {@code update t set c = coalesce(t.c, 0) + v.d0 from (values (?, ?), ...) as v(id, d0) where
 * t.id = v.id}. Still one relative update per row, but one round trip and one plan for up to
 * {@value #MAX_ROWS} rows. When fewer rows were updated than sent, one query finds the rows that
 * are gone.
 * <p>
 * PostgreSQL updates a row once however many value rows match it, with one of them. Rows are
 * one per id as Java compares ids, so the statement only takes ids the database compares the
 * same way, see {@link #fits(CounterTable)}.
 */
final class MultiRowUpdate {

	static final int MAX_ROWS = 1000;

	private static final int MAX_PARAMETERS = 30_000;

	private MultiRowUpdate() {
	}

	/**
	 * Asks the planner, for this transaction only ({@code set local}), to join the values list
	 * to the table through its primary key: a nested loop over the values, in their order, with
	 * an index scan inside. Without it PostgreSQL picks a hash join over a sequential scan of the
	 * whole table once a statement carries a few hundred rows: on a table of 200,000 rows that
	 * made a 1000-row statement take 70 ms instead of 11 ms. On a small table it picks a
	 * sequential scan as the outer side even for a few rows, which locks the rows in heap order
	 * instead of key order; two flushers updating the same rows, which can see different heap
	 * positions of a row, then deadlock.
	 */
	static void preferIndexJoins(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("set local enable_hashjoin = off");
			statement.execute("set local enable_mergejoin = off");
			statement.execute("set local enable_seqscan = off");
		}
	}

	/**
	 * Whether the ids of a table can share a statement: numbers and UUIDs, which the database
	 * matches exactly when Java finds them equal. A string id can be matched more loosely, by a
	 * case-insensitive collation, {@code citext} or the padding of {@code char(n)}, so two ids
	 * of one batch could name the same row, and one of their deltas would be lost.
	 */
	static boolean fits(CounterTable table) {
		Class<?> idType = table.idType();
		return idType == Long.class || idType == Integer.class || idType == Short.class || idType == UUID.class;
	}

	/** How many rows of this shape fit in one statement. */
	static int chunkSize(RowUpdate shape) {
		return Math.min(MAX_ROWS, MAX_PARAMETERS / (shape.deltas().size() + 1));
	}

	/**
	 * Updates the rows, which share table and fields, adding the keys of missing rows to
	 * {@code orphans}.
	 * @return the number of rows updated
	 * @throws IllegalArgumentException if the table's ids do not {@link #fits(CounterTable) fit}
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	static int write(Connection connection, SharedSessionContractImplementor session, List<RowUpdate> rows,
			List<CounterKey> orphans) throws SQLException {
		CounterTable table = rows.get(0).table();
		if (!fits(table)) {
			throw new IllegalArgumentException("Ids of " + table.table() + " are " + table.idType().getSimpleName()
					+ "s, which the database may match more loosely than Java; write them one statement per row");
		}
		List<String> fields = List.copyOf(rows.get(0).deltas().keySet());
		JdbcMapping id = table.idMapping();
		int updated;
		try (PreparedStatement update = connection.prepareStatement(sql(table, fields, rows.size()))) {
			int index = 1;
			for (RowUpdate row : rows) {
				id.getJdbcValueBinder().bind(update, id.convertToRelationalValue(row.id()), index++, session);
				for (Long delta : row.values()) {
					update.setLong(index++, delta);
				}
			}
			updated = update.executeUpdate();
		}
		if (updated < rows.size()) {
			Set<Object> present = present(connection, session, table, rows);
			rows.stream().filter((row) -> !present.contains(row.id())).forEach((row) -> orphans.addAll(row.keys()));
		}
		return updated;
	}

	private static String sql(CounterTable table, List<String> fields, int rows) {
		StringBuilder sql = new StringBuilder("update ").append(table.table()).append(" as t set ");
		for (int i = 0; i < fields.size(); i++) {
			String column = table.columns().get(fields.get(i));
			sql.append((i > 0) ? ", " : "").append(column).append(" = coalesce(t.").append(column).append(", 0) + v.d")
				.append(i);
		}
		sql.append(" from (values ");
		String row = "(?" + ", ?".repeat(fields.size()) + ")";
		for (int i = 0; i < rows; i++) {
			sql.append((i > 0) ? ", " : "").append(row);
		}
		sql.append(") as v(id");
		for (int i = 0; i < fields.size(); i++) {
			sql.append(", d").append(i);
		}
		return sql.append(") where t.").append(table.idColumn()).append(" = v.id").toString();
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Set<Object> present(Connection connection, SharedSessionContractImplementor session,
			CounterTable table, List<RowUpdate> rows) throws SQLException {
		String sql = "select " + table.idColumn() + " from " + table.table() + " where " + table.idColumn() + " in (?"
				+ ", ?".repeat(rows.size() - 1) + ")";
		JdbcMapping id = table.idMapping();
		Set<Object> present = new HashSet<>();
		try (PreparedStatement select = connection.prepareStatement(sql)) {
			int index = 1;
			for (RowUpdate row : rows) {
				id.getJdbcValueBinder().bind(select, id.convertToRelationalValue(row.id()), index++, session);
			}
			try (ResultSet found = select.executeQuery()) {
				while (found.next()) {
					present.add(id.convertToDomainValue(id.getJdbcValueExtractor().extract(found, 1, session)));
				}
			}
		}
		return present;
	}

}

package io.github.bufferedcounter.flush;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.bufferedcounter.CounterChangedEvent;
import io.github.bufferedcounter.mapping.CounterTable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.metamodel.mapping.JdbcMapping;

/**
 * Reads the counters a batch's updates left, in the same transaction right after them, with
 * one {@code select id, <counter columns> from t where id in (...)} per table and up to
 * {@value #MAX_IDS} rows: the rows are still locked by the updates, so the values are exactly
 * what the updates produced. Only runs when change events are published.
 * <p>
 * A string id can read back written differently, when a case-insensitive collation,
 * {@code citext} or {@code char(n)} padding matched it; one more select per such id asks the
 * database which row it matched. Rows updated under more than one id then get their values in
 * the order of the updates: the last one ends at the value read, each one before it where the
 * next one started.
 */
final class NewValues {

	static final int MAX_IDS = 1000;

	private static final Log logger = LogFactory.getLog(NewValues.class);

	private NewValues() {
	}

	/**
	 * Returns one change per counter of the given rows, which must all have been updated in
	 * this transaction in the order given, in the order of the rows and their fields.
	 */
	static List<CounterChangedEvent> read(Connection connection, SharedSessionContractImplementor session,
			List<RowUpdate> rows) throws SQLException {
		Map<String, List<RowUpdate>> byTable = new LinkedHashMap<>();
		rows.forEach((row) -> byTable.computeIfAbsent(row.table().table(), (table) -> new ArrayList<>()).add(row));
		List<CounterChangedEvent> changes = new ArrayList<>();
		for (List<RowUpdate> tableRows : byTable.values()) {
			// a parent and its subclass share a table with counters of both
			Set<CounterTable> entities = new LinkedHashSet<>();
			tableRows.forEach((row) -> entities.add(row.table()));
			CounterTable table = tableRows.get(0).table();
			for (CounterTable entity : entities) {
				table = table.withColumnsOf(entity);
			}
			Map<Object, Map<String, Long>> values = new HashMap<>();
			for (int start = 0; start < tableRows.size(); start += MAX_IDS) {
				List<RowUpdate> chunk = tableRows.subList(start, Math.min(start + MAX_IDS, tableRows.size()));
				values.putAll(select(connection, session, table, chunk));
			}
			changes.addAll(changes(tableRows, matchedIds(connection, session, table, tableRows, values), values));
		}
		return changes;
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Map<Object, Map<String, Long>> select(Connection connection,
			SharedSessionContractImplementor session, CounterTable table, List<RowUpdate> rows) throws SQLException {
		List<String> fields = List.copyOf(table.columns().keySet());
		StringBuilder sql = new StringBuilder("select ").append(table.idColumn());
		fields.forEach((field) -> sql.append(", ").append(table.columns().get(field)));
		sql.append(" from ")
			.append(table.table())
			.append(" where ")
			.append(table.idColumn())
			.append(" in (?")
			.append(", ?".repeat(rows.size() - 1))
			.append(")");
		JdbcMapping id = table.idMapping();
		Map<Object, Map<String, Long>> values = new HashMap<>();
		try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
			int index = 1;
			for (RowUpdate row : rows) {
				id.getJdbcValueBinder().bind(select, id.convertToRelationalValue(row.id()), index++, session);
			}
			try (ResultSet found = select.executeQuery()) {
				while (found.next()) {
					Object rowId = id.convertToDomainValue(id.getJdbcValueExtractor().extract(found, 1, session));
					Map<String, Long> columns = new HashMap<>();
					for (int i = 0; i < fields.size(); i++) {
						columns.put(fields.get(i), found.getLong(i + 2));
					}
					values.put(rowId, columns);
				}
			}
		}
		return values;
	}

	/**
	 * Returns the id the database holds for each row, as read back; for an id that did not
	 * read back as written, asks which row it matched. A row the database does not find is
	 * left out.
	 */
	private static Map<RowUpdate, Object> matchedIds(Connection connection, SharedSessionContractImplementor session,
			CounterTable table, List<RowUpdate> rows, Map<Object, Map<String, Long>> values) throws SQLException {
		Map<RowUpdate, Object> matched = new IdentityHashMap<>();
		for (RowUpdate row : rows) {
			Object rowId = values.containsKey(row.id()) ? row.id() : matchedId(connection, session, table, row);
			if (rowId != null) {
				matched.put(row, rowId);
			}
		}
		return matched;
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Object matchedId(Connection connection, SharedSessionContractImplementor session,
			CounterTable table, RowUpdate row) throws SQLException {
		String sql = "select " + table.idColumn() + " from " + table.table() + " where " + table.idColumn() + " = ?";
		JdbcMapping id = table.idMapping();
		try (PreparedStatement select = connection.prepareStatement(sql)) {
			id.getJdbcValueBinder().bind(select, id.convertToRelationalValue(row.id()), 1, session);
			try (ResultSet found = select.executeQuery()) {
				return found.next() ? id.convertToDomainValue(id.getJdbcValueExtractor().extract(found, 1, session))
						: null;
			}
		}
	}

	/**
	 * Returns the changes of the rows, in their order. The value before a row's update is what
	 * the later updates of the same row, in this transaction, had not added yet.
	 */
	private static List<CounterChangedEvent> changes(List<RowUpdate> rows, Map<RowUpdate, Object> matchedIds,
			Map<Object, Map<String, Long>> values) {
		Map<Object, Map<String, Long>> later = new HashMap<>();
		Map<RowUpdate, Map<String, Long>> newValues = new IdentityHashMap<>();
		for (int i = rows.size() - 1; i >= 0; i--) {
			RowUpdate row = rows.get(i);
			Object rowId = matchedIds.get(row);
			Map<String, Long> read = (rowId != null) ? values.get(rowId) : null;
			if (read == null) {
				continue;
			}
			Map<String, Long> laterDeltas = later.computeIfAbsent(rowId, (key) -> new HashMap<>());
			Map<String, Long> rowValues = new HashMap<>();
			row.deltas().forEach((field, delta) -> {
				rowValues.put(field, read.get(field) - laterDeltas.getOrDefault(field, 0L));
				laterDeltas.merge(field, delta, Long::sum);
			});
			newValues.put(row, rowValues);
		}
		List<CounterChangedEvent> changes = new ArrayList<>();
		List<Object> unread = new ArrayList<>();
		for (RowUpdate row : rows) {
			Map<String, Long> rowValues = newValues.get(row);
			if (rowValues == null) {
				unread.add(row.id());
				continue;
			}
			CounterTable table = row.table();
			row.deltas().forEach((field, delta) -> {
				long newValue = rowValues.get(field);
				changes.add(new CounterChangedEvent(table.entityClass(), table.entityName(), row.id(), field,
						newValue - delta, newValue));
			});
		}
		if (!unread.isEmpty()) {
			logger.warn("Updated " + unread.size() + " rows of " + rows.get(0).table().table()
					+ " that the database no longer finds; no change events for them: " + sample(unread));
		}
		return changes;
	}

	private static String sample(List<?> ids) {
		return (ids.size() <= 10) ? ids.toString() : ids.subList(0, 10) + " and " + (ids.size() - 10) + " more";
	}

}

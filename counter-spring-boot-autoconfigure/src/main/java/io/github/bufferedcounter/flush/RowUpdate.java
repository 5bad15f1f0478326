package io.github.bufferedcounter.flush;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.bufferedcounter.mapping.CounterTable;
import io.github.bufferedcounter.store.CounterKey;

/**
 * All deltas of one row in a batch, written by one relative statement:
 * {@code update t set a = coalesce(a, 0) + ?, b = coalesce(b, 0) + ? where id = ?}; a
 * {@code NULL} counter counts as zero, as {@code current()} reads it.
 */
record RowUpdate(CounterTable table, Object id, TreeMap<String, Long> deltas, List<CounterKey> keys) {

	static RowUpdate of(CounterTable table, Object id) {
		return new RowUpdate(table, id, new TreeMap<>(), new ArrayList<>());
	}

	void add(CounterKey key, long delta) {
		this.deltas.put(key.field(), delta);
		this.keys.add(key);
	}

	/** The statement, the same for all rows of a table with the same fields. */
	String sql() {
		StringBuilder sql = new StringBuilder("update ").append(this.table.table()).append(" set ");
		String separator = "";
		for (String field : this.deltas.keySet()) {
			String column = this.table.columns().get(field);
			sql.append(separator).append(column).append(" = coalesce(").append(column).append(", 0) + ?");
			separator = ", ";
		}
		return sql.append(" where ").append(this.table.idColumn()).append(" = ?").toString();
	}

	Collection<Long> values() {
		return this.deltas.values();
	}

	Map<CounterKey, Long> keyDeltas() {
		Map<CounterKey, Long> result = new TreeMap<>();
		this.keys.forEach((key) -> result.put(key, this.deltas.get(key.field())));
		return result;
	}

}

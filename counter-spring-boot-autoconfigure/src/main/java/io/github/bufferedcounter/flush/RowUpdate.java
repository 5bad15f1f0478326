package io.github.bufferedcounter.flush;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.bufferedcounter.mapping.CounterTable;
import io.github.bufferedcounter.store.CounterKey;

/**
 * All deltas of one row in a batch, written by one relative statement:
 * {@code update t set a = coalesce(a, 0) + ?, b = coalesce(b, 0) + ? where id = ?}; a
 * {@code NULL} counter counts as zero, as {@code current()} reads it. A row can come under
 * more than one entity name (a subclass and its parent share the parent's table): their deltas
 * for a field are summed, and each key keeps its own delta for rejections.
 */
record RowUpdate(CounterTable table, Object id, TreeMap<String, Long> deltas, TreeMap<CounterKey, Long> keyed) {

	static RowUpdate of(CounterTable table, Object id) {
		return new RowUpdate(table, id, new TreeMap<>(), new TreeMap<>());
	}

	/**
	 * Returns this row able to take the fields of another entity mapped to the same table too,
	 * such as a subclass's own counters next to its parent's.
	 */
	RowUpdate withColumnsOf(CounterTable other) {
		return new RowUpdate(this.table.withColumnsOf(other), this.id, this.deltas, this.keyed);
	}

	/**
	 * Adds a key's delta to its field.
	 * @throws ArithmeticException if the field's sum of the row would overflow; nothing is added
	 */
	void add(CounterKey key, long delta) {
		this.deltas.merge(key.field(), delta, Math::addExact);
		this.keyed.put(key, delta);
	}

	List<CounterKey> keys() {
		return List.copyOf(this.keyed.keySet());
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
		return Collections.unmodifiableMap(this.keyed);
	}

}

package io.github.bufferedcounter.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.github.bufferedcounter.RollupPeriod;
import io.github.bufferedcounter.store.CounterKey;

import org.hibernate.metamodel.mapping.JdbcMapping;

/**
 * The counters of one entity as Hibernate maps them: the table, the key column and one column
 * per {@code @BufferedCounter} field, all in the SQL form Hibernate renders, so naming
 * strategies, {@code @Table}, {@code @Column} and schemas apply as they do for Hibernate.
 *
 * @param entityName the JPA entity name, used in counter keys
 * @param entityClass the entity class
 * @param idType the Java type of the id
 * @param table the qualified table holding the counter columns
 * @param idColumn the key column of that table
 * @param idMapping how Hibernate binds the id to JDBC
 * @param columns the counter column of each counter field
 * @param uniqueFields the counter fields that count distinct keys
 * ({@code @BufferedCounter(unique = true)})
 * @param rollups the periods of each counter field with a {@code @CounterRollup}
 */
public record CounterTable(String entityName, Class<?> entityClass, Class<?> idType, String table, String idColumn,
		JdbcMapping idMapping, Map<String, String> columns, Set<String> uniqueFields,
		Map<String, Set<RollupPeriod>> rollups) {

	/** Id types a counter key can carry. */
	static final Set<Class<?>> SUPPORTED_ID_TYPES = Set.of(Long.class, Integer.class, Short.class, String.class,
			UUID.class);

	/**
	 * Returns this table with the counter columns of another entity mapped to the same table
	 * added, as a parent and its subclass share theirs.
	 * @param other the other entity's counters, in the same table
	 * @return the table with the columns of both
	 */
	public CounterTable withColumnsOf(CounterTable other) {
		Map<String, String> union = new LinkedHashMap<>(this.columns);
		other.columns.forEach(union::putIfAbsent);
		Set<String> unique = new LinkedHashSet<>(this.uniqueFields);
		unique.addAll(other.uniqueFields);
		Map<String, Set<RollupPeriod>> rollups = new LinkedHashMap<>(this.rollups);
		other.rollups.forEach(rollups::putIfAbsent);
		return new CounterTable(this.entityName, this.entityClass, this.idType, this.table, this.idColumn,
				this.idMapping, Collections.unmodifiableMap(union), Collections.unmodifiableSet(unique),
				Collections.unmodifiableMap(rollups));
	}

	/**
	 * Returns the rollup periods of a counter field.
	 * @param field the counter field
	 * @return its periods, empty if it has no {@code @CounterRollup}
	 */
	public Set<RollupPeriod> rollups(String field) {
		return this.rollups.getOrDefault(field, Set.of());
	}

	/**
	 * Returns whether a counter field counts distinct keys rather than adding deltas.
	 * @param field the counter field
	 * @return whether it is a unique counter
	 */
	public boolean isUnique(String field) {
		return this.uniqueFields.contains(field);
	}

	/**
	 * Returns the counter key for an id and field, checking both.
	 * @param id the id
	 * @param field the counter field
	 * @return the key
	 * @throws IllegalArgumentException if the field is not a counter or the id is null or of
	 * the wrong type
	 */
	public CounterKey key(Object id, String field) {
		requireField(field);
		return new CounterKey(this.entityName, field, idToString(id));
	}

	/**
	 * Checks that a field is one of the entity's counters.
	 * @param field the field name
	 * @throws IllegalArgumentException naming the counter fields if it is not
	 */
	public void requireField(String field) {
		if (!this.columns.containsKey(field)) {
			throw new IllegalArgumentException("'" + field + "' is not a @BufferedCounter field of "
					+ this.entityClass.getName() + "; counter fields are " + this.columns.keySet());
		}
	}

	private String idToString(Object id) {
		if (id == null) {
			throw new IllegalArgumentException(
					"Id of " + this.entityName + " must not be null; expected a " + this.idType.getSimpleName());
		}
		if (!this.idType.isInstance(id)) {
			throw new IllegalArgumentException("Id " + id + " of " + this.entityName + " is a "
					+ id.getClass().getName() + "; expected a " + this.idType.getName());
		}
		String text = id.toString();
		if (text.isEmpty() || text.chars().anyMatch(Character::isISOControl)) {
			throw new IllegalArgumentException("Id of " + this.entityName
					+ " must be a non-empty string without control characters; got '" + text.replaceAll("\\p{Cntrl}", "?")
					+ "'");
		}
		return text;
	}

	/**
	 * Converts the string form of an id back to the id type.
	 * @param id the string form
	 * @return the id
	 * @throws IllegalArgumentException if the string is not an id of this entity
	 */
	public Object parseId(String id) {
		if (this.idType == Long.class) {
			return Long.valueOf(id);
		}
		if (this.idType == Integer.class) {
			return Integer.valueOf(id);
		}
		if (this.idType == Short.class) {
			return Short.valueOf(id);
		}
		if (this.idType == UUID.class) {
			return UUID.fromString(id);
		}
		return id;
	}

}

package io.github.bufferedcounter.read;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;

import io.github.bufferedcounter.mapping.CounterRegistry;
import io.github.bufferedcounter.mapping.CounterTable;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.metamodel.mapping.EntityMappingType;
import org.hibernate.metamodel.mapping.SelectableMapping;
import org.hibernate.persister.entity.EntityPersister;

/**
 * A counter field ranked by a leaderboard: its table and column as Hibernate maps them, and
 * the entity names whose keys update that column (the entity's and its subclasses', which
 * share its rows). Every row of the table belongs to the entity, or a leaderboard over the
 * table would rank rows of other entities: an entity whose counter table also holds its
 * parent's rows is refused.
 *
 * @param table the entity's counters
 * @param field the counter field
 * @param entityNames the entity names whose counter keys update the column
 * @param nullable whether the column may hold {@code null}, read as zero
 */
record RankedField(CounterTable table, String field, Set<String> entityNames, boolean nullable) {

	/**
	 * Checks a field for a leaderboard and reads what ranking it needs.
	 * @param entityManagerFactory the persistence unit
	 * @param registry the known counters
	 * @param entityType the entity class
	 * @param field the counter field
	 * @return the field
	 * @throws IllegalArgumentException if the field is no counter, counts distinct keys, or
	 * shares its table with the entity's parent
	 */
	static RankedField of(EntityManagerFactory entityManagerFactory, CounterRegistry registry, Class<?> entityType,
			String field) {
		CounterTable table = registry.table(entityType);
		table.requireField(field);
		if (table.isUnique(field)) {
			throw new IllegalArgumentException("'" + field + "' of " + entityType.getName()
					+ " is a unique counter, whose value is an estimate that no SQL ordering can see; "
					+ "top ranks counters that add deltas: " + addingFields(table));
		}
		EntityPersister persister = entityManagerFactory.unwrap(SessionFactoryImplementor.class)
			.getMappingMetamodel()
			.getEntityDescriptor(table.entityClass());
		refuseSharedTable(persister, table);
		AttributeMapping attribute = persister.findAttributeMapping(field);
		boolean nullable = !(attribute instanceof SelectableMapping selectable) || selectable.isNullable();
		return new RankedField(table, field, entityNames(persister, registry, table, field), nullable);
	}

	private static Set<String> addingFields(CounterTable table) {
		Set<String> fields = new LinkedHashSet<>(table.columns().keySet());
		fields.removeAll(table.uniqueFields());
		return fields;
	}

	private static void refuseSharedTable(EntityPersister persister, CounterTable table) {
		for (EntityMappingType parent = persister.getSuperMappingType(); parent != null; parent = parent
			.getSuperMappingType()) {
			boolean[] shared = { false };
			parent.getEntityPersister()
				.forEachTableDetails((details) -> shared[0] |= details.getTableName().equals(table.table()));
			if (shared[0]) {
				throw new IllegalArgumentException("top(" + table.entityClass().getSimpleName()
						+ ".class, ...) cannot rank its rows: its counters live in " + table.table()
						+ ", which also holds rows of " + parent.getEntityPersister().getJpaEntityName() + " that are not "
						+ table.entityName() + "s; rank the whole table with top("
						+ parent.getJavaType().getJavaTypeClass().getSimpleName() + ".class, ...)");
			}
		}
	}

	/** The entity and its subclasses: a row counted under a subclass's name is the same row. */
	private static Set<String> entityNames(EntityPersister persister, CounterRegistry registry, CounterTable table,
			String field) {
		Set<String> names = new LinkedHashSet<>();
		names.add(table.entityName());
		Deque<EntityMappingType> open = new ArrayDeque<>(persister.getSubMappingTypes());
		while (!open.isEmpty()) {
			EntityMappingType subtype = open.pop();
			Class<?> type = subtype.getJavaType().getJavaTypeClass();
			CounterTable subtable = registry.table(type);
			if (subtable.table().equals(table.table())
					&& table.columns().get(field).equals(subtable.columns().get(field))) {
				names.add(subtable.entityName());
			}
			open.addAll(subtype.getSubMappingTypes());
		}
		return names;
	}

}

package io.github.bufferedcounter.mapping;

import java.lang.reflect.Field;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.bufferedcounter.BufferedCounter;
import io.github.bufferedcounter.CounterRollup;
import io.github.bufferedcounter.RollupPeriod;
import io.github.bufferedcounter.store.CounterKey;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.metamodel.mapping.BasicEntityIdentifierMapping;
import org.hibernate.metamodel.mapping.PluralAttributeMapping;
import org.hibernate.metamodel.mapping.SelectableMapping;
import org.hibernate.metamodel.mapping.TableDetails;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.persister.entity.UnionSubclassEntityPersister;
import org.hibernate.proxy.HibernateProxy;

import org.springframework.util.ClassUtils;

/**
 * The buffered counters of a persistence unit, read from Hibernate's runtime mapping. It is
 * the only source of table and column names for the flusher, so nothing a caller passes ever
 * reaches SQL: an entity or field not found here is rejected. It also holds the
 * {@link CounterCaches counter caches}, checked against the JPA metamodel.
 */
public final class CounterRegistry {

	private final Map<Class<?>, CounterTable> byClass;

	private final Map<String, CounterTable> byName;

	private final CounterCaches caches;

	private CounterRegistry(Map<Class<?>, CounterTable> byClass, CounterCaches caches) {
		this.byClass = Map.copyOf(byClass);
		this.caches = caches;
		this.byName = byClass.values()
			.stream()
			.collect(Collectors.toUnmodifiableMap(CounterTable::entityName, (table) -> table));
	}

	/**
	 * Reads the counters of an entity manager factory backed by Hibernate.
	 * @param entityManagerFactory the factory
	 * @return the registry
	 * @throws CounterMappingException if a counter's entity has an id this library cannot key
	 */
	public static CounterRegistry of(EntityManagerFactory entityManagerFactory) {
		SessionFactoryImplementor sessionFactory = entityManagerFactory.unwrap(SessionFactoryImplementor.class);
		Map<Class<?>, CounterTable> tables = new HashMap<>();
		sessionFactory.getMappingMetamodel().forEachEntityDescriptor((persister) -> {
			Class<?> type = persister.getMappedClass();
			if (type != null && type != Map.class) {
				Map<String, String> columns = new LinkedHashMap<>();
				Set<String> unique = new LinkedHashSet<>();
				Map<String, Set<RollupPeriod>> rollups = new LinkedHashMap<>();
				String table = null;
				for (Field field : CounterFields.of(type)) {
					SelectableMapping column = column(persister, field);
					columns.put(field.getName(), column.getSelectionExpression());
					if (field.getAnnotation(BufferedCounter.class).unique()) {
						unique.add(field.getName());
					}
					CounterRollup rollup = field.getAnnotation(CounterRollup.class);
					if (rollup != null) {
						rollups.put(field.getName(), Collections.unmodifiableSet(EnumSet.copyOf(List.of(rollup.value()))));
					}
					table = sameTable(persister, table, column.getContainingTableExpression());
				}
				if (!columns.isEmpty()) {
					refuseTablePerClassHierarchy(persister);
					tables.put(type, table(persister, table, columns, unique, rollups));
				}
			}
		});
		CounterCaches caches = CounterCaches.read(entityManagerFactory.getMetamodel(), tables);
		caches.all().stream().filter(CounterCache::overCollection).forEach((cache) -> refuseInverse(sessionFactory, cache));
		return new CounterRegistry(tables, caches);
	}

	/**
	 * The collection events of an inverse collection ({@code mappedBy}) tell nothing the database
	 * holds; such a collection is counted from the other side, as a counter cache over a path.
	 */
	private static void refuseInverse(SessionFactoryImplementor sessionFactory, CounterCache cache) {
		EntityPersister holder = sessionFactory.getMappingMetamodel()
			.getEntityDescriptor(cache.parent().entityClass());
		if (holder.findAttributeMapping(cache.collection()) instanceof PluralAttributeMapping plural
				&& plural.getCollectionDescriptor().isInverse()) {
			throw new CounterMappingException(cache.describe() + " is not allowed: " + holder.getEntityName() + "."
					+ cache.collection() + " is the inverse side of its association (mappedBy), whose changes "
					+ "are written through " + cache.childEntity() + "; count it with countOf = " + cache.childEntity()
					+ ".class and mappedBy = <the " + cache.childEntity() + " attribute pointing at "
					+ holder.getEntityName() + ">");
		}
	}

	private static SelectableMapping column(EntityPersister persister, Field field) {
		AttributeMapping attribute = persister.findAttributeMapping(field.getName());
		if (!(attribute instanceof SelectableMapping selectable)) {
			throw new CounterMappingException("@BufferedCounter on " + persister.getEntityName() + "."
					+ field.getName() + " is not allowed: it is not mapped to a single column");
		}
		if (persister.getPropertyUpdateability()[attribute.getStateArrayPosition()]) {
			throw new CounterMappingException("@BufferedCounter " + persister.getEntityName() + "." + field.getName()
					+ " is still written by Hibernate's entity updates, so a stale entity could overwrite it: "
					+ "the session factory was built without " + CounterMappingIntegrator.class.getName()
					+ ". The auto-configured EntityManagerFactory registers it; for one built by hand, "
					+ "add it through the hibernate.integrator_provider setting");
		}
		return selectable;
	}

	/**
	 * With {@code TABLE_PER_CLASS} the row of an entity that has subclasses may live in any of
	 * their tables, which an increment or a counter cache by id does not know: the update would
	 * miss the row. A leaf entity's counters are fine (its parent's, if any, are refused here).
	 */
	private static void refuseTablePerClassHierarchy(EntityPersister persister) {
		if (persister instanceof UnionSubclassEntityPersister && persister.hasSubclasses()) {
			throw new CounterMappingException("@BufferedCounter on " + persister.getEntityName() + " is not supported: "
					+ "the entity is part of a TABLE_PER_CLASS hierarchy, where a row's table depends on its concrete "
					+ "class, which an increment by id cannot know; use SINGLE_TABLE or JOINED inheritance, or put "
					+ "the counter in a @MappedSuperclass");
		}
	}

	private static String sameTable(EntityPersister persister, String known, String table) {
		if (known != null && !known.equals(table)) {
			throw new CounterMappingException("The @BufferedCounter fields of " + persister.getEntityName()
					+ " are spread over the tables " + known + " and " + table
					+ "; the counters of an entity must live in one table");
		}
		return table;
	}

	private static CounterTable table(EntityPersister persister, String table, Map<String, String> columns,
			Set<String> unique, Map<String, Set<RollupPeriod>> rollups) {
		if (!(persister.getIdentifierMapping() instanceof BasicEntityIdentifierMapping)) {
			throw new CounterMappingException("@BufferedCounter on " + persister.getEntityName()
					+ " is not supported: the entity has a composite id; use a Long, Integer, Short, String or UUID id");
		}
		Class<?> idType = ClassUtils.resolvePrimitiveIfNecessary(persister.getIdentifierMapping().getJavaType().getJavaTypeClass());
		if (!CounterTable.SUPPORTED_ID_TYPES.contains(idType)) {
			throw new CounterMappingException("@BufferedCounter on " + persister.getEntityName()
					+ " is not supported: its id is a " + idType.getName()
					+ "; use a Long, Integer, Short, String or UUID id");
		}
		TableDetails.KeyColumn key = keyColumn(persister, table);
		return new CounterTable(persister.getJpaEntityName(), persister.getMappedClass(), idType, table,
				key.getColumnName(), key.getJdbcMapping(), columns, Set.copyOf(unique), Map.copyOf(rollups));
	}

	private static TableDetails.KeyColumn keyColumn(EntityPersister persister, String table) {
		TableDetails[] found = new TableDetails[1];
		persister.forEachTableDetails((details) -> {
			if (details.getTableName().equals(table)) {
				found[0] = details;
			}
		});
		TableDetails details = (found[0] != null) ? found[0] : persister.getIdentifierTableDetails();
		return details.getKeyDetails().getKeyColumn(0);
	}

	/**
	 * Returns the counters of an entity class.
	 * @param entityType an entity class, or a Hibernate proxy class of one
	 * @return its counters
	 * @throws IllegalArgumentException if the class has no buffered counters
	 */
	public CounterTable table(Class<?> entityType) {
		if (entityType == null) {
			throw new IllegalArgumentException("Entity type must not be null; expected one of " + entityNames());
		}
		Class<?> type = HibernateProxy.class.isAssignableFrom(entityType) ? entityType.getSuperclass() : entityType;
		CounterTable table = this.byClass.get(type);
		if (table == null) {
			throw new IllegalArgumentException(entityType.getName()
					+ " is not an entity with @BufferedCounter fields; entities with buffered counters are "
					+ entityNames());
		}
		return table;
	}

	/**
	 * Returns the counters of an entity by its JPA entity name.
	 * @param entityName the entity name
	 * @return its counters
	 * @throws IllegalArgumentException if no entity of that name has buffered counters
	 */
	public CounterTable table(String entityName) {
		CounterTable table = this.byName.get(entityName);
		if (table == null) {
			throw new IllegalArgumentException("'" + entityName
					+ "' is not an entity with @BufferedCounter fields; entities with buffered counters are "
					+ entityNames());
		}
		return table;
	}

	/**
	 * Returns the counters of the entity a key names.
	 * @param key the key
	 * @return the entity's counters
	 */
	public CounterTable table(CounterKey key) {
		return table(key.entity());
	}

	/**
	 * Returns whether any entity has a unique counter ({@code @BufferedCounter(unique = true)}).
	 * @return whether there are unique counters
	 */
	public boolean hasUniqueCounters() {
		return this.byClass.values().stream().anyMatch((table) -> !table.uniqueFields().isEmpty());
	}

	/**
	 * Returns whether any counter has a {@code @CounterRollup}.
	 * @return whether there are rollups
	 */
	public boolean hasRollups() {
		return this.byClass.values().stream().anyMatch((table) -> !table.rollups().isEmpty());
	}

	/**
	 * Returns the counters kept by the starter's Hibernate listeners.
	 * @return the counter caches
	 */
	public CounterCaches caches() {
		return this.caches;
	}

	private String entityNames() {
		return this.byName.keySet().stream().sorted().toList().toString();
	}

}

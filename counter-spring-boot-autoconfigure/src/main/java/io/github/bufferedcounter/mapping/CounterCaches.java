package io.github.bufferedcounter.mapping;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.github.bufferedcounter.BufferedCounter;
import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.Attribute.PersistentAttributeType;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.ManagedType;
import jakarta.persistence.metamodel.Metamodel;
import jakarta.persistence.metamodel.PluralAttribute;
import jakarta.persistence.metamodel.SingularAttribute;
import org.jspecify.annotations.Nullable;

/**
 * The counter caches of a persistence unit: every {@code @BufferedCounter} with
 * {@code countOf}, checked against the JPA metamodel so that a wrong entity, path, summed
 * attribute or condition fails the startup with a message naming the counter.
 */
public final class CounterCaches {

	private static final Set<Class<?>> INTEGRAL_TYPES = Set.of(long.class, Long.class, int.class, Integer.class,
			short.class, Short.class, byte.class, Byte.class);

	private final List<CounterCache> all;

	private CounterCaches(List<CounterCache> all) {
		this.all = List.copyOf(all);
	}

	static CounterCaches read(Metamodel metamodel, Map<Class<?>, CounterTable> tables) {
		List<CounterCache> caches = new ArrayList<>();
		tables.forEach((type, table) -> {
			for (Field field : CounterFields.of(type)) {
				BufferedCounter annotation = field.getAnnotation(BufferedCounter.class);
				CounterCache cache = read(metamodel, table, field.getName(), annotation);
				if (cache != null) {
					caches.add(cache);
				}
			}
		});
		caches.sort((a, b) -> (a.parent().entityName() + "." + a.field())
			.compareTo(b.parent().entityName() + "." + b.field()));
		return new CounterCaches(caches);
	}

	private static CounterCache read(Metamodel metamodel, CounterTable table, String field,
			BufferedCounter annotation) {
		String counter = "@BufferedCounter on " + table.entityClass().getName() + "." + field;
		if (annotation.countOf() == void.class) {
			if (!annotation.mappedBy().isEmpty() || !annotation.sum().isEmpty() || !annotation.onlyIf().isEmpty()
					|| !annotation.collection().isEmpty()) {
				throw new CounterMappingException(counter
						+ " sets mappedBy, collection, sum or onlyIf without countOf; they describe a counter cache, "
						+ "so add countOf = <the counted entity>.class, or remove them for a plain counter");
			}
			return null;
		}
		EntityType<?> child = entity(metamodel, annotation.countOf(), counter);
		if (!annotation.collection().isEmpty()) {
			return overCollection(metamodel, table, field, annotation, child, counter);
		}
		if (annotation.mappedBy().isBlank()) {
			throw new CounterMappingException(counter + " counts " + child.getName()
					+ " but has no mappedBy; set mappedBy to the " + child.getName()
					+ " attribute that points at " + table.entityName() + ", one of " + toOneAttributes(child)
					+ ", or collection to a collection of " + table.entityName() + " holding " + child.getName()
					+ " entities");
		}
		String sum = annotation.sum().isEmpty() ? null : checkSum(child, annotation.sum(), counter);
		CounterCondition condition = annotation.onlyIf().isEmpty() ? null
				: checkCondition(child, annotation.onlyIf(), counter);
		List<String> path = List.of(annotation.mappedBy().split("\\.", -1));
		checkPath(metamodel, child, path, table, counter);
		return new CounterCache(table, field, child.getName(), child.getJavaType(), path, sum, condition, null);
	}

	private static CounterCache overCollection(Metamodel metamodel, CounterTable table, String field,
			BufferedCounter annotation, EntityType<?> child, String counter) {
		if (!annotation.mappedBy().isEmpty() || !annotation.sum().isEmpty()) {
			throw new CounterMappingException(counter + " sets collection together with mappedBy or sum; "
					+ "a counter over a collection counts its members, so remove them, or count over mappedBy instead");
		}
		EntityType<?> holder = metamodel.entity(table.entityClass());
		Attribute<?, ?> attribute = attribute(holder, holder.getName(), annotation.collection(), counter, "collection");
		if (!(attribute instanceof PluralAttribute<?, ?, ?> plural)
				|| (attribute.getPersistentAttributeType() != PersistentAttributeType.ONE_TO_MANY
						&& attribute.getPersistentAttributeType() != PersistentAttributeType.MANY_TO_MANY)) {
			throw new CounterMappingException(counter + " has collection = \"" + annotation.collection() + "\", but "
					+ holder.getName() + "." + annotation.collection() + " is not a @OneToMany or @ManyToMany "
					+ "collection; collection must name one of " + toManyAttributes(holder));
		}
		if (!child.getJavaType().isAssignableFrom(plural.getElementType().getJavaType())) {
			throw new CounterMappingException(counter + " has countOf = " + child.getName() + " and collection = \""
					+ annotation.collection() + "\", but " + holder.getName() + "." + annotation.collection()
					+ " holds " + plural.getElementType().getJavaType().getName() + "; countOf must be its element type");
		}
		CounterCondition condition = annotation.onlyIf().isEmpty() ? null
				: checkCondition(child, annotation.onlyIf(), counter);
		return new CounterCache(table, field, child.getName(), child.getJavaType(), List.of(), null, condition,
				annotation.collection());
	}

	private static Set<String> toManyAttributes(ManagedType<?> type) {
		return attributes(type, PersistentAttributeType.ONE_TO_MANY, PersistentAttributeType.MANY_TO_MANY);
	}

	private static EntityType<?> entity(Metamodel metamodel, Class<?> type, String counter) {
		try {
			return metamodel.entity(type);
		}
		catch (IllegalArgumentException ex) {
			throw new CounterMappingException(counter + " has countOf = " + type.getName()
					+ ".class, which is not an entity of this persistence unit; countOf must name the @Entity "
					+ "whose rows are counted, one of " + entityNames(metamodel));
		}
	}

	private static void checkPath(Metamodel metamodel, EntityType<?> child, List<String> path, CounterTable table,
			String counter) {
		ManagedType<?> current = child;
		String currentName = child.getName();
		for (String step : path) {
			Attribute<?, ?> attribute = attribute(current, currentName, step, counter, "mappedBy");
			if (!(attribute instanceof SingularAttribute<?, ?>)
					|| (attribute.getPersistentAttributeType() != PersistentAttributeType.MANY_TO_ONE
							&& attribute.getPersistentAttributeType() != PersistentAttributeType.ONE_TO_ONE)) {
				throw new CounterMappingException(counter + " has mappedBy = \"" + String.join(".", path) + "\", but "
						+ currentName + "." + step + " is not a @ManyToOne or @OneToOne attribute; mappedBy must "
						+ "name to-one attributes, of " + currentName + " one of " + toOneAttributes(current));
			}
			current = entity(metamodel, attribute.getJavaType(), counter);
			currentName = ((EntityType<?>) current).getName();
		}
		if (!table.entityClass().isAssignableFrom(current.getJavaType())) {
			throw new CounterMappingException(counter + " has mappedBy = \"" + String.join(".", path)
					+ "\", which leads to " + currentName + ", not to " + table.entityName()
					+ "; the path must end at the entity holding the counter");
		}
	}

	private static String checkSum(EntityType<?> child, String name, String counter) {
		Attribute<?, ?> attribute = attribute(child, child.getName(), name, counter, "sum");
		if (attribute.getPersistentAttributeType() != PersistentAttributeType.BASIC
				|| !INTEGRAL_TYPES.contains(attribute.getJavaType())) {
			throw new CounterMappingException(counter + " has sum = \"" + name + "\", but " + child.getName() + "."
					+ name + " is a " + attribute.getJavaType().getName()
					+ "; sum must name a long, int, short or byte attribute (or their wrappers)");
		}
		return name;
	}

	private static CounterCondition checkCondition(EntityType<?> child, String spec, String counter) {
		String where = counter + " has onlyIf = \"" + spec + "\"";
		ConditionParser.Parsed parsed;
		try {
			parsed = ConditionParser.parse(spec);
		}
		catch (IllegalArgumentException ex) {
			throw new CounterMappingException(where + ", which " + ex.getMessage()
					+ "; onlyIf takes one of " + ConditionParser.FORMS);
		}
		Attribute<?, ?> attribute = attribute(child, child.getName(), parsed.attribute(), counter, "onlyIf");
		return ConditionResolver.resolve(parsed, attribute, child.getName(), where);
	}

	private static Attribute<?, ?> attribute(ManagedType<?> type, String typeName, String name, String counter,
			String setting) {
		Attribute<?, ?> attribute;
		try {
			attribute = type.getAttribute(name);
		}
		catch (IllegalArgumentException ex) {
			throw new CounterMappingException(counter + " has " + setting + " naming \"" + name + "\", but "
					+ typeName + " has no attribute of that name; its attributes are " + attributeNames(type));
		}
		if (attribute instanceof SingularAttribute<?, ?> singular && singular.isId()) {
			throw new CounterMappingException(counter + " has " + setting + " naming \"" + name + "\", but "
					+ typeName + "." + name + " is part of the id, which the listeners do not see as state; "
					+ "map the association on an @EmbeddedId with @MapsId, or name a non-id attribute");
		}
		return attribute;
	}

	private static Set<String> attributeNames(ManagedType<?> type) {
		Set<String> names = new TreeSet<>();
		type.getAttributes().forEach((attribute) -> names.add(attribute.getName()));
		return names;
	}

	private static Set<String> toOneAttributes(ManagedType<?> type) {
		return attributes(type, PersistentAttributeType.MANY_TO_ONE, PersistentAttributeType.ONE_TO_ONE);
	}

	private static Set<String> attributes(ManagedType<?> type, PersistentAttributeType... kinds) {
		Set<String> names = new TreeSet<>();
		type.getAttributes().forEach((attribute) -> {
			if (List.of(kinds).contains(attribute.getPersistentAttributeType())) {
				names.add(attribute.getName());
			}
		});
		return names;
	}

	private static Set<String> entityNames(Metamodel metamodel) {
		Set<String> names = new TreeSet<>();
		metamodel.getEntities().forEach((entity) -> names.add(entity.getName()));
		return names;
	}

	/**
	 * Returns every counter cache.
	 * @return the counter caches, ordered by holder and field
	 */
	public List<CounterCache> all() {
		return this.all;
	}

	/**
	 * Returns the counters with a condition over collections that can hold an entity class: an
	 * update of one of its members can turn their condition true or false.
	 * @param type the class of a changed entity
	 * @return the conditional counters over collections of it, possibly none
	 */
	public List<CounterCache> conditionalOverCollections(Class<?> type) {
		return this.all.stream()
			.filter((cache) -> cache.overCollection() && cache.condition() != null
					&& cache.childClass().isAssignableFrom(type))
			.toList();
	}

	/**
	 * Returns the counter caches that count rows of an entity class.
	 * @param type the class of a changed entity
	 * @return the counter caches counting it, possibly none
	 */
	public List<CounterCache> counting(Class<?> type) {
		return this.all.stream().filter((cache) -> cache.counts(type)).toList();
	}

	/**
	 * Returns the counters over a collection attribute of an entity class.
	 * @param owner the class of the entity owning the collection
	 * @param attribute the collection attribute
	 * @return the counters over it, possibly none
	 */
	public List<CounterCache> overCollection(Class<?> owner, String attribute) {
		return this.all.stream()
			.filter((cache) -> cache.overCollection() && cache.collection().equals(attribute)
					&& cache.parent().entityClass().isAssignableFrom(owner))
			.toList();
	}

	/**
	 * Returns the counter cache behind a counter field, if it is one.
	 * @param table the holder's counters
	 * @param field the counter field
	 * @return the counter cache, or {@code null} for a plain counter
	 */
	public @Nullable CounterCache find(CounterTable table, String field) {
		return this.all.stream()
			.filter((cache) -> cache.parent().equals(table) && cache.field().equals(field))
			.findFirst()
			.orElse(null);
	}

}

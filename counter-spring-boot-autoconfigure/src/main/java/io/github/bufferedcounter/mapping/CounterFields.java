package io.github.bufferedcounter.mapping;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.bufferedcounter.BufferedCounter;
import io.github.bufferedcounter.CounterRollup;
import io.github.bufferedcounter.RollupPeriod;

/**
 * Finds the {@link BufferedCounter @BufferedCounter} fields of a class and its superclasses
 * and checks their types.
 */
final class CounterFields {

	private static final Set<Class<?>> COUNTER_TYPES = Set.of(long.class, Long.class, int.class, Integer.class);

	private CounterFields() {
	}

	/**
	 * Returns the annotated fields of a class, superclass fields included.
	 * @throws CounterMappingException if a field is not of an integer type
	 */
	static List<Field> of(Class<?> type) {
		List<Field> fields = new ArrayList<>();
		for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
			for (Field field : current.getDeclaredFields()) {
				if (field.isAnnotationPresent(BufferedCounter.class)) {
					check(type, field);
					fields.add(field);
				}
				else if (field.isAnnotationPresent(CounterRollup.class)) {
					throw new CounterMappingException("@CounterRollup on " + type.getName() + "." + field.getName()
							+ " is not allowed without @BufferedCounter: rollups record the deltas of a buffered counter");
				}
			}
		}
		return fields;
	}

	private static void check(Class<?> entity, Field field) {
		if (!COUNTER_TYPES.contains(field.getType())) {
			throw new CounterMappingException("@BufferedCounter on " + entity.getName() + "." + field.getName()
					+ " is not allowed: the field is a " + field.getType().getName()
					+ "; a buffered counter must be a long, Long, int or Integer");
		}
		BufferedCounter counter = field.getAnnotation(BufferedCounter.class);
		if (counter.unique() && (counter.countOf() != void.class || !counter.mappedBy().isEmpty()
				|| !counter.sum().isEmpty() || !counter.onlyIf().isEmpty())) {
			throw new CounterMappingException("@BufferedCounter(unique = true) on " + entity.getName() + "."
					+ field.getName() + " is not allowed together with countOf, mappedBy, sum or onlyIf: a unique "
					+ "counter counts the distinct keys given to BufferedCounters.countUnique, not child rows");
		}
		CounterRollup rollup = field.getAnnotation(CounterRollup.class);
		if (rollup != null && counter.unique()) {
			throw new CounterMappingException("@CounterRollup on " + entity.getName() + "." + field.getName()
					+ " is not allowed on a unique counter: a bucket adds deltas, and distinct keys do not add up; "
					+ "remove @CounterRollup or unique = true");
		}
		if (rollup != null && rollup.value().length == 0) {
			throw new CounterMappingException("@CounterRollup on " + entity.getName() + "." + field.getName()
					+ " names no period; give one or more of " + List.of(RollupPeriod.values()));
		}
	}

}

package io.github.bufferedcounter.mapping;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.Attribute.PersistentAttributeType;

/**
 * Turns a parsed {@code onlyIf} into a {@link CounterCondition}, once it has checked that the
 * attribute can be evaluated both ways: by the listeners on a row state and by the recount in
 * HQL. A boolean form needs a boolean attribute, {@code =} and {@code in} an enum attribute and
 * constants it declares, {@code is null} an attribute that can hold {@code null}.
 */
final class ConditionResolver {

	private static final Set<PersistentAttributeType> NULLABLE_KINDS = Set.of(PersistentAttributeType.BASIC,
			PersistentAttributeType.MANY_TO_ONE, PersistentAttributeType.ONE_TO_ONE);

	private ConditionResolver() {
	}

	/**
	 * Resolves a parsed condition against the attribute it names.
	 * @param parsed the condition as written
	 * @param attribute the counted entity's attribute it names
	 * @param entityName the counted entity's name
	 * @param where the counter and its {@code onlyIf}, to start messages with
	 * @return the condition
	 * @throws CounterMappingException naming what would be valid, if it cannot be evaluated
	 */
	static CounterCondition resolve(ConditionParser.Parsed parsed, Attribute<?, ?> attribute, String entityName,
			String where) {
		String name = entityName + "." + attribute.getName();
		Class<?> type = attribute.getJavaType();
		return switch (parsed.operator()) {
			case IS_TRUE, IS_FALSE -> {
				if (attribute.getPersistentAttributeType() != PersistentAttributeType.BASIC
						|| (type != boolean.class && type != Boolean.class)) {
					throw new CounterMappingException(where + ", but " + name + " is a " + type.getName()
							+ "; onlyIf must name a boolean attribute, optionally prefixed with ! to count the false "
							+ "ones, or use one of the other forms: " + ConditionParser.FORMS);
				}
				yield new BooleanCondition(attribute.getName(), parsed.operator() == ConditionParser.Operator.IS_TRUE);
			}
			case IN, NOT_IN -> {
				if (attribute.getPersistentAttributeType() != PersistentAttributeType.BASIC || !type.isEnum()) {
					throw new CounterMappingException(where + ", but " + name + " is a " + type.getName()
							+ "; = and in compare an enum attribute with its constants, valid forms are "
							+ ConditionParser.FORMS);
				}
				yield new ValueInCondition(attribute.getName(), constants(type, parsed.values(), name, where),
						parsed.operator() == ConditionParser.Operator.NOT_IN);
			}
			case IS_NULL, IS_NOT_NULL -> {
				if (type.isPrimitive() || !NULLABLE_KINDS.contains(attribute.getPersistentAttributeType())) {
					throw new CounterMappingException(where + ", but " + name + " is a " + type.getName()
							+ ((type.isPrimitive()) ? ", which is never null" : ", not a basic or to-one attribute")
							+ "; is null needs a basic attribute of an object type (an Instant, a Long, a String) "
							+ "or a @ManyToOne");
				}
				yield new NullCondition(attribute.getName(), parsed.operator() == ConditionParser.Operator.IS_NULL);
			}
		};
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Set<Enum<?>> constants(Class<?> type, List<String> names, String attribute, String where) {
		Set<Enum<?>> constants = new LinkedHashSet<>();
		for (String constant : names) {
			try {
				constants.add(Enum.valueOf((Class<? extends Enum>) type, constant));
			}
			catch (IllegalArgumentException ex) {
				throw new CounterMappingException(where + ", but " + type.getName() + " has no constant " + constant
						+ "; " + attribute + " can be one of " + Arrays.toString(type.getEnumConstants()));
			}
		}
		return constants;
	}

}

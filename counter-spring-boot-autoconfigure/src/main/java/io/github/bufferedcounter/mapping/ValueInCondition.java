package io.github.bufferedcounter.mapping;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An enum attribute holding one of a set of constants, or none of them:
 * {@code onlyIf = "status in (PUBLISHED, FEATURED)"}, {@code "status = PUBLISHED"},
 * {@code "status not in (DRAFT)"}, {@code "status != DRAFT"}. A {@code null} never counts, either
 * way, as SQL's {@code in} and {@code not in} treat it. The recount binds the constants
 * themselves, so Hibernate writes them as the attribute stores them (ordinal, name, or through
 * an {@code AttributeConverter}).
 *
 * @param attribute the attribute name
 * @param values the constants the condition names
 * @param negated whether a row counts when its value is none of them
 */
record ValueInCondition(String attribute, Set<? extends Enum<?>> values, boolean negated)
		implements CounterCondition {

	ValueInCondition {
		values = Set.copyOf(values);
	}

	@Override
	public boolean test(Object actual) {
		return actual != null && this.values.contains(actual) != this.negated;
	}

	@Override
	public String hql(String alias) {
		return alias + "." + this.attribute + (this.negated ? " not in " : " in ") + "(:" + PARAMETER + ")";
	}

	@Override
	public Map<String, Object> parameters() {
		return Map.of(PARAMETER, List.copyOf(this.values));
	}

	@Override
	public String toString() {
		return this.attribute + (this.negated ? " not in " : " in ")
				+ this.values.stream().map(Enum::name).sorted().collect(Collectors.joining(", ", "(", ")"));
	}

}

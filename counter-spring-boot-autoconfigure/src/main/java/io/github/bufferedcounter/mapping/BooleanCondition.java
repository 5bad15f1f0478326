package io.github.bufferedcounter.mapping;

import java.util.Map;

/**
 * A {@code boolean} attribute holding one value: {@code onlyIf = "approved"} or
 * {@code "!approved"}. A {@code null} never counts.
 *
 * @param attribute the attribute name
 * @param value the value that counts
 */
record BooleanCondition(String attribute, boolean value) implements CounterCondition {

	@Override
	public boolean test(Object actual) {
		return Boolean.valueOf(this.value).equals(actual);
	}

	@Override
	public String hql(String alias) {
		return alias + "." + this.attribute + " = :" + PARAMETER;
	}

	@Override
	public Map<String, Object> parameters() {
		return Map.of(PARAMETER, this.value);
	}

	@Override
	public String toString() {
		return (this.value ? "" : "!") + this.attribute;
	}

}

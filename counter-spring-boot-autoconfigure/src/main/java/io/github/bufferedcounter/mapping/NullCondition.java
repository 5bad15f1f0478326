package io.github.bufferedcounter.mapping;

import java.util.Map;

/**
 * An attribute being {@code null}, or not: {@code onlyIf = "deletedAt is null"} counts the rows
 * not soft-deleted by a timestamp, {@code "approvedBy is not null"} the rows someone approved.
 *
 * @param attribute the attribute name
 * @param isNull whether a row counts when the attribute is {@code null}
 */
record NullCondition(String attribute, boolean isNull) implements CounterCondition {

	@Override
	public boolean test(Object actual) {
		return (actual == null) == this.isNull;
	}

	@Override
	public String hql(String alias) {
		return alias + "." + this.attribute + (this.isNull ? " is null" : " is not null");
	}

	@Override
	public Map<String, Object> parameters() {
		return Map.of();
	}

	@Override
	public String toString() {
		return this.attribute + (this.isNull ? " is null" : " is not null");
	}

}

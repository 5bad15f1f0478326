package io.github.bufferedcounter.mapping;

import java.util.Map;

/**
 * The condition of a counter cache's {@code onlyIf}, parsed and checked against the mapping once
 * at startup. The listeners {@link #test test} it on an attribute value of a row's old and new
 * state; the recount renders the same condition into HQL with bound parameters, so the two agree
 * on which rows count and no value is ever spliced into a statement.
 */
public sealed interface CounterCondition permits BooleanCondition, ValueInCondition, NullCondition {

	/** The name of the HQL parameters a condition binds; one per condition. */
	String PARAMETER = "onlyIf";

	/**
	 * Returns the attribute of the counted entity that the condition reads.
	 * @return the attribute name
	 */
	String attribute();

	/**
	 * Returns whether an attribute value meets the condition.
	 * @param value the attribute's value in a row state, possibly {@code null}
	 * @return whether the row counts
	 */
	boolean test(Object value);

	/**
	 * Renders the condition as an HQL predicate on a counted row.
	 * @param alias the HQL alias of the counted entity
	 * @return the predicate, with at most the parameter {@link #PARAMETER}
	 */
	String hql(String alias);

	/**
	 * Returns what to bind to the predicate's parameter.
	 * @return the parameter value by name, empty when the predicate has none
	 */
	Map<String, Object> parameters();

}

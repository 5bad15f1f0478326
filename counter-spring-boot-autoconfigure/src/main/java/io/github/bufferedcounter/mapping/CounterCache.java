package io.github.bufferedcounter.mapping;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A counter kept by the starter's Hibernate listeners: a {@code @BufferedCounter} with
 * {@code countOf}, checked against the mapping.
 *
 * @param parent the counters of the entity holding this counter
 * @param field the counter field
 * @param childEntity the JPA entity name of the counted entity
 * @param childClass the counted entity class; its subclasses count too
 * @param path the to-one attributes leading from the counted entity to the holder
 * @param sum the summed integral attribute of the counted entity, or {@code null} to count rows
 * @param condition the condition a counted row must meet, or {@code null} for none
 * @param collection the holder's collection attribute whose members are counted, or
 * {@code null} for a counter cache over the to-one {@code path}
 */
public record CounterCache(CounterTable parent, String field, String childEntity, Class<?> childClass,
		List<String> path, @Nullable String sum, @Nullable CounterCondition condition, @Nullable String collection) {

	public CounterCache {
		path = List.copyOf(path);
	}

	/**
	 * Returns whether this counts the members of a collection of the holder.
	 * @return {@code true} for {@code @BufferedCounter(collection = ...)}
	 */
	public boolean overCollection() {
		return this.collection != null;
	}

	/**
	 * Returns whether a counted entity's state meets the condition.
	 * @param value the state's value of the condition's attribute, ignored without a condition
	 * @return whether the row counts
	 */
	public boolean meetsCondition(Object value) {
		return this.condition == null || this.condition.test(value);
	}

	/**
	 * Returns whether rows of an entity class count for this counter.
	 * @param type an entity class
	 * @return whether it is the counted class or one of its subclasses
	 */
	public boolean counts(Class<?> type) {
		return !overCollection() && this.childClass.isAssignableFrom(type);
	}

	/**
	 * Returns what a row contributes while it meets the condition: 1, or the summed value.
	 * @param summed the value of the summed attribute, ignored when counting rows
	 * @return the contribution
	 */
	public long amount(Object summed) {
		if (this.sum == null) {
			return 1;
		}
		return (summed != null) ? ((Number) summed).longValue() : 0;
	}

	/**
	 * Returns the mapping as the annotation would spell it, for messages.
	 * @return for example {@code Post.commentCount (countOf = Comment, mappedBy = "post")}
	 */
	public String describe() {
		if (overCollection()) {
			return this.parent.entityName() + "." + this.field + " (countOf = " + this.childEntity + ", collection = \""
					+ this.collection + "\"" + ((this.condition != null) ? ", onlyIf = \"" + this.condition + "\"" : "")
					+ ")";
		}
		return this.parent.entityName() + "." + this.field + " (countOf = " + this.childEntity + ", mappedBy = \""
				+ String.join(".", this.path) + "\"" + ((this.sum != null) ? ", sum = \"" + this.sum + "\"" : "")
				+ ((this.condition != null) ? ", onlyIf = \"" + this.condition + "\"" : "") + ")";
	}

}

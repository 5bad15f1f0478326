package io.github.bufferedcounter.recount;

import io.github.bufferedcounter.mapping.CounterCache;
import io.github.bufferedcounter.mapping.CounterCondition;
import jakarta.persistence.Query;

/**
 * The HQL that recounts a counter cache. HQL rather than SQL, so that Hibernate renders the
 * tables, join columns, inheritance and {@code @SoftDelete} restrictions exactly as it maps
 * them; the condition is the same {@link CounterCondition} the listeners test, rendered with a
 * bound parameter, so that an enum constant is written as its attribute stores it.
 */
final class RecountQuery {

	private final CounterCache cache;

	RecountQuery(CounterCache cache) {
		this.cache = cache;
	}

	/** Recounts one holder, bound to {@code :id}. */
	String forOne() {
		if (this.cache.overCollection()) {
			// a join rather than size(), so that a holder that does not exist counts 0 rather than no row
			return "select count(*) from " + this.cache.parent().entityName() + " h join h." + this.cache.collection()
					+ " c where id(h) = :id" + condition();
		}
		return "select " + aggregate() + " from " + this.cache.childEntity() + " c where id(" + path() + ") = :id"
				+ condition();
	}

	/** Sets the counter of every holder with an id from {@code :first} to {@code :last} to its recount. */
	String forRange() {
		return recountWhere("id(h) between :first and :last");
	}

	/** Sets the counter of every holder whose id is in {@code :ids} to its recount. */
	String forIds() {
		return recountWhere("id(h) in (:ids)");
	}

	private String recountWhere(String holders) {
		String holder = this.cache.parent().entityName();
		if (this.cache.overCollection()) {
			// size() and a subquery over h's own collection count in the collection's table (or join
			// table), never the updated one, which MySQL and MariaDB refuse in a subquery of an update
			String recount = (this.cache.condition() == null) ? "size(h." + this.cache.collection() + ")"
					: "(select count(*) from h." + this.cache.collection() + " c where "
							+ this.cache.condition().hql("c") + ")";
			return "update " + holder + " h set h." + this.cache.field() + " = " + recount + " where " + holders;
		}
		return "update " + holder + " h set h." + this.cache.field() + " = (select " + aggregate() + " from "
				+ this.cache.childEntity() + " c where " + path() + " = h" + condition() + ") where " + holders;
	}

	/** Lists holder ids in order, a page at a time after {@code :after}. */
	String ids(boolean first) {
		String holder = this.cache.parent().entityName();
		return "select id(h) from " + holder + " h" + (first ? "" : " where id(h) > :after") + " order by id(h)";
	}

	/**
	 * Binds the condition's parameters to a query built from this recount.
	 * @param query a query from {@link #forOne()}, {@link #forRange()} or {@link #forIds()}
	 * @return the query
	 */
	<Q extends Query> Q bind(Q query) {
		if (this.cache.condition() != null) {
			this.cache.condition().parameters().forEach(query::setParameter);
		}
		return query;
	}

	/**
	 * {@code count(*)} rather than {@code count(c)}: Hibernate renders the latter as
	 * {@code count(c.id)}, which makes PostgreSQL read every counted row from the table to see
	 * its id, where {@code count(*)} is answered from the foreign key's index alone (an index-only
	 * scan); the rows counted are the same, every row has an id.
	 */
	private String aggregate() {
		return (this.cache.sum() != null) ? "coalesce(sum(c." + this.cache.sum() + "), 0)" : "count(*)";
	}

	private String path() {
		return "c." + String.join(".", this.cache.path());
	}

	private String condition() {
		CounterCondition condition = this.cache.condition();
		return (condition != null) ? " and " + condition.hql("c") : "";
	}

}

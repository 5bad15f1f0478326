package io.github.bufferedcounter.cache;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.github.bufferedcounter.mapping.CounterCache;
import io.github.bufferedcounter.mapping.CounterCondition;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.query.QueryFlushMode;

/**
 * Counts the members of a collection that count for a counter over it: all of them, or those
 * meeting its condition, read from each member entity as it is now. The database is asked in
 * HQL, without flushing, for a collection that was never loaded, and for the holders whose
 * collection holds a member.
 */
final class CollectionMembers {

	private CollectionMembers() {
	}

	/**
	 * Counts the members of a collection value or snapshot that count for a counter.
	 * @param counter the counter over the collection
	 * @param members a collection, a map (its values are the members), an array, or {@code null}
	 * @param session the session the members belong to
	 * @return how many count
	 */
	static long count(CounterCache counter, Object members, SharedSessionContractImplementor session) {
		long count = 0;
		for (Object member : elements(members)) {
			if (member != null && meetsCondition(counter, member, session)) {
				count++;
			}
		}
		return count;
	}

	/** Whether a member entity meets the counter's condition, loading it if it is a proxy. */
	static boolean meetsCondition(CounterCache counter, Object member, SharedSessionContractImplementor session) {
		CounterCondition condition = counter.condition();
		return condition == null || condition.test(ChildState.follow(member, condition.attribute(), session));
	}

	/**
	 * Counts in the database the members of a holder's collection that count, as the flush so far
	 * left them.
	 */
	static long stored(CounterCache counter, Object holderId, SharedSessionContractImplementor session) {
		CounterCondition condition = counter.condition();
		var query = session
			.createSelectionQuery("select count(*) from " + counter.parent().entityName() + " h join h."
					+ counter.collection() + " c where id(h) = :holder" + ((condition != null) ? " and "
							+ condition.hql("c") : ""), Long.class)
			.setQueryFlushMode(QueryFlushMode.NO_FLUSH)
			.setParameter("holder", holderId);
		if (condition != null) {
			condition.parameters().forEach(query::setParameter);
		}
		return query.getSingleResult();
	}

	/** The ids of the holders whose collection holds a member, as the database has it now. */
	static List<Object> holdersOf(CounterCache counter, Object memberId, SharedSessionContractImplementor session) {
		return session
			.createSelectionQuery("select id(h) from " + counter.parent().entityName() + " h join h."
					+ counter.collection() + " c where id(c) = :member", Object.class)
			.setQueryFlushMode(QueryFlushMode.NO_FLUSH)
			.setParameter("member", memberId)
			.getResultList();
	}

	private static Collection<?> elements(Object members) {
		if (members == null) {
			return List.of();
		}
		if (members instanceof Collection<?> collection) {
			return collection;
		}
		if (members instanceof Map<?, ?> map) {
			return map.values();
		}
		if (members instanceof Object[] array) {
			return Arrays.asList(array);
		}
		throw new IllegalStateException("Cannot tell the members of a " + members.getClass().getName());
	}

}

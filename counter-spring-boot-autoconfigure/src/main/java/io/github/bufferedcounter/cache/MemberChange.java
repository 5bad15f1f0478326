package io.github.bufferedcounter.cache;

import java.util.List;
import java.util.Map;

import io.github.bufferedcounter.mapping.CounterCache;
import io.github.bufferedcounter.store.CounterKey;
import org.hibernate.event.spi.PostUpdateEvent;

/**
 * What an update of a counted entity changes in the conditional counters over collections that
 * hold it: when the update turns the condition true or false, each holder whose collection holds
 * the entity in the database gains or loses one. The holders are asked for in HQL, without
 * flushing; Hibernate writes entity updates before collection changes in a flush, so the
 * membership read is the one {@link CollectionChange} then takes its difference from.
 */
final class MemberChange {

	private MemberChange() {
	}

	/** Adds the update's change to each conditional counter over a collection that can hold it. */
	static void contribute(List<CounterCache> counters, PostUpdateEvent event, Map<CounterKey, Long> deltas) {
		for (CounterCache counter : counters) {
			String attribute = counter.condition().attribute();
			boolean before = counter.meetsCondition(ChildState.value(event.getPersister(), event.getOldState(), attribute));
			boolean after = counter.meetsCondition(ChildState.value(event.getPersister(), event.getState(), attribute));
			if (before != after) {
				for (Object holder : CollectionMembers.holdersOf(counter, event.getId(), event.getSession())) {
					deltas.merge(counter.parent().key(holder, counter.field()), after ? 1L : -1L, Math::addExact);
				}
			}
		}
	}

}

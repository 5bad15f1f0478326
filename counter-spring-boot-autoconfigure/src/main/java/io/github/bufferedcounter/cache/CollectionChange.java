package io.github.bufferedcounter.cache;

import java.util.List;
import java.util.Map;

import io.github.bufferedcounter.mapping.CounterCache;
import io.github.bufferedcounter.store.CounterKey;
import org.hibernate.collection.spi.PersistentCollection;
import org.hibernate.engine.spi.CollectionEntry;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.Status;
import org.hibernate.event.spi.AbstractCollectionEvent;
import org.hibernate.persister.collection.CollectionPersister;

/**
 * What a collection event changes in the counters over that collection: the members the
 * database gains or loses, read before Hibernate writes the change. A collection created
 * (its owner inserted, or a new collection set) adds its size; an update adds its size minus
 * the size of the snapshot Hibernate took when it loaded or last flushed it; a collection
 * removed (cleared by replacing it, or its owner deleted) takes away the members the database
 * holds, counted in SQL if the collection was never loaded. With a condition, only the members
 * meeting it count, each read as it is now, on both sides of the difference: a member whose
 * condition changed is counted by {@link MemberChange} when its update is written, which comes
 * first in a flush.
 */
final class CollectionChange {

	/** The three collection actions Hibernate runs at a flush. */
	enum Action {

		/** Rows of a new collection are inserted. */
		RECREATE,

		/** Rows are added to and removed from a loaded collection. */
		UPDATE,

		/** All rows of a collection are deleted. */
		REMOVE

	}

	private CollectionChange() {
	}

	/**
	 * Adds the change of the event's collection to each counter over it.
	 * @return whether the owner's id was known; without it nothing is counted
	 */
	static boolean contribute(List<CounterCache> counters, AbstractCollectionEvent event, Action action,
			Map<CounterKey, Long> deltas) {
		Object ownerId = event.getAffectedOwnerIdOrNull();
		if (ownerId == null) {
			return false;
		}
		SharedSessionContractImplementor session = event.getSession();
		if (action != Action.RECREATE && ownerBeingDeleted(event.getAffectedOwnerOrNull(), session)) {
			// the holder row goes too; its deltas would only be dropped as orphans
			return true;
		}
		for (CounterCache counter : counters) {
			long change = change(counter, event, action);
			if (change != 0) {
				deltas.merge(counter.parent().key(ownerId, counter.field()), change, Math::addExact);
			}
		}
		return true;
	}

	private static long change(CounterCache counter, AbstractCollectionEvent event, Action action) {
		PersistentCollection<?> collection = event.getCollection();
		SharedSessionContractImplementor session = event.getSession();
		return switch (action) {
			case RECREATE -> CollectionMembers.count(counter, collection.getValue(), session);
			case UPDATE -> CollectionMembers.count(counter, collection.getValue(), session)
					- CollectionMembers.count(counter, collection.getStoredSnapshot(), session);
			case REMOVE -> -stored(counter, event);
		};
	}

	/** The members that count in the database for a collection about to be removed. */
	private static long stored(CounterCache counter, AbstractCollectionEvent event) {
		PersistentCollection<?> collection = event.getCollection();
		if (collection.wasInitialized() && collection.getStoredSnapshot() != null) {
			return CollectionMembers.count(counter, collection.getStoredSnapshot(), event.getSession());
		}
		if (counter.condition() != null) {
			return CollectionMembers.stored(counter, event.getAffectedOwnerIdOrNull(), event.getSession());
		}
		return persister(event).getSize(collection.getKey(), event.getSession());
	}

	/**
	 * The persister of the event's collection, by its role: Hibernate 7.4 also hands it to the
	 * event, 7.2 does not.
	 */
	static CollectionPersister persister(AbstractCollectionEvent event) {
		SharedSessionContractImplementor session = event.getSession();
		String role = event.getCollection().getRole();
		if (role == null) {
			CollectionEntry entry = session.getPersistenceContextInternal().getCollectionEntry(event.getCollection());
			role = (entry != null) ? entry.getRole() : null;
		}
		return (role != null) ? session.getFactory().getMappingMetamodel().getCollectionDescriptor(role) : null;
	}

	private static boolean ownerBeingDeleted(Object owner, SharedSessionContractImplementor session) {
		if (owner == null) {
			return false;
		}
		EntityEntry entry = session.getPersistenceContextInternal().getEntry(owner);
		return entry != null && (entry.getStatus() == Status.DELETED || entry.getStatus() == Status.GONE);
	}

}

package io.github.bufferedcounter.cache;

import java.util.Map;

import io.github.bufferedcounter.mapping.CounterCache;
import io.github.bufferedcounter.store.CounterKey;
import org.hibernate.Hibernate;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.Status;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.proxy.HibernateProxy;
import org.hibernate.proxy.LazyInitializer;

/**
 * One state of a counted row, as Hibernate hands it to a listener, read for one counter cache:
 * which holder row it counts for and how much.
 */
final class ChildState {

	private ChildState() {
	}

	/**
	 * Adds what a row state contributes to a counter cache, times {@code sign}, to the deltas.
	 * A row counts nothing when the condition is not met, a step of the path is {@code null}, or
	 * the holder is being deleted in the same session.
	 */
	static void contribute(CounterCache cache, EntityPersister persister, Object[] state,
			SharedSessionContractImplementor session, long sign, Map<CounterKey, Long> deltas) {
		if (cache.condition() != null && !cache.meetsCondition(value(persister, state, cache.condition().attribute()))) {
			return;
		}
		long amount = cache.amount((cache.sum() != null) ? value(persister, state, cache.sum()) : null);
		if (amount == 0) {
			return;
		}
		Object holder = value(persister, state, cache.path().get(0));
		for (int step = 1; step < cache.path().size() && holder != null; step++) {
			holder = follow(holder, cache.path().get(step), session);
		}
		if (holder == null || deletedInThisSession(holder, session)) {
			return;
		}
		CounterKey key = cache.parent().key(identifier(holder, session), cache.field());
		deltas.merge(key, Math.multiplyExact(sign, amount), Math::addExact);
	}

	/** Reads an attribute of the counted entity from one of its states. */
	static Object value(EntityPersister persister, Object[] state, String attribute) {
		return state[persister.findAttributeMapping(attribute).getStateArrayPosition()];
	}

	/** Reads an attribute of an entity, such as the next step of a path, loading it if it is a proxy. */
	static Object follow(Object entity, String attribute, SharedSessionContractImplementor session) {
		Object loaded = loaded(entity, session);
		return session.getEntityPersister(null, loaded).getPropertyValue(loaded, attribute);
	}

	/**
	 * The entity behind a proxy. A proxy of another session, such as a reference taken outside
	 * a transaction whose session closed at once, is loaded through this one, as Hibernate itself
	 * would need only its id.
	 */
	private static Object loaded(Object entity, SharedSessionContractImplementor session) {
		if (entity instanceof HibernateProxy proxy) {
			LazyInitializer lazy = proxy.getHibernateLazyInitializer();
			if (lazy.isUninitialized() && lazy.getSession() != session) {
				return Hibernate.unproxy(session.internalLoad(lazy.getEntityName(), lazy.getInternalIdentifier(), true,
						false));
			}
		}
		return Hibernate.unproxy(entity);
	}

	/**
	 * Whether the holder is being deleted in the same session, as when a parent is removed with
	 * its children: its counters go with it, so its deltas would only be dropped as orphans.
	 */
	private static boolean deletedInThisSession(Object holder, SharedSessionContractImplementor session) {
		Object entity = holder;
		if (holder instanceof HibernateProxy proxy) {
			LazyInitializer lazy = proxy.getHibernateLazyInitializer();
			if (lazy.isUninitialized()) {
				return false;
			}
			entity = lazy.getImplementation();
		}
		EntityEntry entry = session.getPersistenceContextInternal().getEntry(entity);
		return entry != null && (entry.getStatus() == Status.DELETED || entry.getStatus() == Status.GONE);
	}

	private static Object identifier(Object entity, SharedSessionContractImplementor session) {
		if (entity instanceof HibernateProxy proxy) {
			return proxy.getHibernateLazyInitializer().getInternalIdentifier();
		}
		return session.getEntityPersister(null, entity).getIdentifier(entity, session);
	}

}

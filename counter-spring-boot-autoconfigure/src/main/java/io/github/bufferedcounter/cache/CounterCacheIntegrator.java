package io.github.bufferedcounter.cache;

import java.lang.reflect.Field;
import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;

import io.github.bufferedcounter.BufferedCounter;
import io.github.bufferedcounter.mapping.CounterCaches;
import io.github.bufferedcounter.mapping.CounterMappingException;
import io.github.bufferedcounter.store.CounterKey;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.mapping.PersistentClass;

/**
 * Appends a {@link CounterCacheListener} for inserts, updates and deletes to a session factory
 * that has buffered counters, the way Envers appends its own listeners: it keeps the counter
 * caches and notes deleted holders. A persistence unit without any {@code @BufferedCounter}
 * gets none.
 */
public class CounterCacheIntegrator implements Integrator {

	private final Consumer<Map<CounterKey, Long>> committed;

	private final Consumer<Map<CounterKey, Long>> uncertain;

	private final Consumer<Collection<CounterKey>> deleted;

	/**
	 * Creates the integrator.
	 * @param committed takes the counter cache deltas of each committed transaction
	 * @param uncertain takes the counter cache deltas of each transaction whose COMMIT failed
	 * with an unknown outcome
	 */
	public CounterCacheIntegrator(Consumer<Map<CounterKey, Long>> committed,
			Consumer<Map<CounterKey, Long>> uncertain) {
		this(committed, uncertain, (rows) -> {
		});
	}

	/**
	 * Creates the integrator.
	 * @param committed takes the counter cache deltas of each committed transaction
	 * @param uncertain takes the counter cache deltas of each transaction whose COMMIT failed
	 * with an unknown outcome
	 * @param deleted takes a counter of each row with buffered counters that a committed
	 * transaction deleted
	 */
	public CounterCacheIntegrator(Consumer<Map<CounterKey, Long>> committed, Consumer<Map<CounterKey, Long>> uncertain,
			Consumer<Collection<CounterKey>> deleted) {
		this.committed = committed;
		this.uncertain = uncertain;
		this.deleted = deleted;
	}

	@Override
	public void integrate(Metadata metadata, BootstrapContext bootstrapContext,
			SessionFactoryImplementor sessionFactory) {
		if (hasCounters(metadata)) {
			CounterCacheListener listener = new CounterCacheListener(this.committed, this.uncertain, this.deleted);
			EventListenerRegistry listeners = sessionFactory.getEventListenerRegistry();
			listeners.appendListeners(EventType.POST_INSERT, listener);
			listeners.appendListeners(EventType.POST_UPDATE, listener);
			listeners.appendListeners(EventType.POST_DELETE, listener);
			listeners.appendListeners(EventType.POST_UPSERT, listener);
			listeners.appendListeners(EventType.PRE_COLLECTION_RECREATE, listener);
			listeners.appendListeners(EventType.PRE_COLLECTION_UPDATE, listener);
			listeners.appendListeners(EventType.PRE_COLLECTION_REMOVE, listener);
		}
	}

	/** Any counter: a counter cache needs the listener's events, any holder its deletions. */
	private static boolean hasCounters(Metadata metadata) {
		for (PersistentClass entity : metadata.getEntityBindings()) {
			for (Class<?> type = entity.getMappedClass(); type != null && type != Object.class; type = type
				.getSuperclass()) {
				for (Field field : type.getDeclaredFields()) {
					if (field.isAnnotationPresent(BufferedCounter.class)) {
						return true;
					}
				}
			}
		}
		return false;
	}

	/**
	 * Fails when a persistence unit has counter caches but not the listeners that keep them,
	 * as happens to an entity manager factory built without this integrator.
	 * @param entityManagerFactory the persistence unit
	 * @param caches its counter caches
	 * @throws CounterMappingException if nothing would keep the counter caches
	 */
	public static void requireListeners(EntityManagerFactory entityManagerFactory, CounterCaches caches) {
		if (caches.all().isEmpty()) {
			return;
		}
		SessionFactoryImplementor sessionFactory = entityManagerFactory.unwrap(SessionFactoryImplementor.class);
		for (Object listener : sessionFactory.getEventListenerRegistry()
			.getEventListenerGroup(EventType.POST_INSERT)
			.listeners()) {
			if (listener instanceof CounterCacheListener) {
				return;
			}
		}
		throw new CounterMappingException("The counter cache " + caches.all().get(0).describe()
				+ " would never change: the session factory was built without " + CounterCacheIntegrator.class.getName()
				+ ". The auto-configured EntityManagerFactory registers it; for one built by hand, add it "
				+ "through the hibernate.integrator_provider setting");
	}

}

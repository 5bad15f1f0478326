package io.github.bufferedcounter.cache;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.github.bufferedcounter.mapping.CounterCache;
import io.github.bufferedcounter.mapping.CounterCaches;
import io.github.bufferedcounter.mapping.CounterRegistry;
import io.github.bufferedcounter.mapping.CounterTable;
import io.github.bufferedcounter.store.CounterKey;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.Hibernate;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.spi.AbstractCollectionEvent;
import org.hibernate.event.spi.PostDeleteEvent;
import org.hibernate.event.spi.PostDeleteEventListener;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostUpdateEventListener;
import org.hibernate.event.spi.PostUpsertEvent;
import org.hibernate.event.spi.PostUpsertEventListener;
import org.hibernate.event.spi.PreCollectionRecreateEvent;
import org.hibernate.event.spi.PreCollectionRecreateEventListener;
import org.hibernate.event.spi.PreCollectionRemoveEvent;
import org.hibernate.event.spi.PreCollectionRemoveEventListener;
import org.hibernate.event.spi.PreCollectionUpdateEvent;
import org.hibernate.event.spi.PreCollectionUpdateEventListener;
import org.hibernate.persister.collection.CollectionPersister;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.proxy.HibernateProxy;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps counter caches: an inserted row of a counted entity adds its contribution to the
 * holder it points at, a deleted one (also a {@code @SoftDelete}) takes it away, and an
 * update takes the old state's contribution away and adds the new one's, which covers a row
 * moved to another holder, a changed summed value and a condition turning true or false. The
 * collection events keep counters over a collection ({@link CollectionChange}); an update of a
 * member turning a condition true or false changes the conditional ones ({@link MemberChange}).
 * A deleted row that has buffered counters of its own is noted, so that its pending deltas are
 * dropped quietly. Deltas and deleted rows are held per transaction by {@link TransactionDeltas}.
 */
public final class CounterCacheListener implements PostInsertEventListener, PostDeleteEventListener,
		PostUpdateEventListener, PostUpsertEventListener, PreCollectionRecreateEventListener,
		PreCollectionUpdateEventListener, PreCollectionRemoveEventListener {

	private static final Log logger = LogFactory.getLog(CounterCacheListener.class);

	private final Consumer<Map<CounterKey, Long>> committed;

	private final Consumer<Map<CounterKey, Long>> uncertain;

	private final Consumer<Collection<CounterKey>> deleted;

	private final Map<SharedSessionContractImplementor, TransactionDeltas> transactions = new ConcurrentHashMap<>();

	/** The counters of each entity class deleted so far, empty for a class without any. */
	private final Map<Class<?>, Optional<CounterTable>> holders = new ConcurrentHashMap<>();

	private final Map<Class<?>, List<CounterCache>> byChildClass = new ConcurrentHashMap<>();

	private final Map<Class<?>, List<CounterCache>> byMemberClass = new ConcurrentHashMap<>();

	private final Map<String, List<CounterCache>> byRole = new ConcurrentHashMap<>();

	private volatile CounterCaches caches;

	private final Set<String> warned = ConcurrentHashMap.newKeySet();

	/**
	 * Creates the listener.
	 * @param committed takes the summed deltas of each committed transaction
	 * @param uncertain takes the summed deltas of each transaction whose COMMIT failed with an
	 * unknown outcome
	 */
	public CounterCacheListener(Consumer<Map<CounterKey, Long>> committed,
			Consumer<Map<CounterKey, Long>> uncertain) {
		this(committed, uncertain, (rows) -> {
		});
	}

	/**
	 * Creates the listener.
	 * @param committed takes the summed deltas of each committed transaction
	 * @param uncertain takes the summed deltas of each transaction whose COMMIT failed with an
	 * unknown outcome
	 * @param deleted takes a counter of each row with buffered counters that a committed
	 * transaction deleted
	 */
	public CounterCacheListener(Consumer<Map<CounterKey, Long>> committed, Consumer<Map<CounterKey, Long>> uncertain,
			Consumer<Collection<CounterKey>> deleted) {
		this.committed = committed;
		this.uncertain = uncertain;
		this.deleted = deleted;
	}

	@Override
	public void onPostInsert(PostInsertEvent event) {
		changed(event.getPersister(), event.getSession(), null, event.getState());
	}

	/**
	 * A {@code StatelessSession} deletes without a deleted state: the entity it was handed is
	 * then the best account of the row, unless it is an uninitialized reference, which tells
	 * nothing but the id.
	 */
	@Override
	public void onPostDelete(PostDeleteEvent event) {
		holderDeleted(event);
		Object[] deleted = event.getDeletedState();
		if (deleted == null && !caches(event.getPersister()).isEmpty()) {
			if (event.getEntity() instanceof HibernateProxy proxy && proxy.getHibernateLazyInitializer().isUninitialized()) {
				warnUnfollowed(event.getPersister(), "deleted", "StatelessSession.delete of an uninitialized reference");
				return;
			}
			deleted = event.getPersister().getValues(Hibernate.unproxy(event.getEntity()));
		}
		changed(event.getPersister(), event.getSession(), deleted, null);
	}

	@Override
	public void onPostUpdate(PostUpdateEvent event) {
		if (event.getOldState() == null) {
			warnUnfollowed(event.getPersister(), "updated", "StatelessSession.update");
			return;
		}
		changed(event.getPersister(), event.getSession(), event.getOldState(), event.getState());
		Class<?> type = event.getPersister().getMappedClass();
		if (type != null) {
			List<CounterCache> conditional = this.byMemberClass.computeIfAbsent(type,
					all(event.getPersister())::conditionalOverCollections);
			if (!conditional.isEmpty()) {
				MemberChange.contribute(conditional, event, transaction(event.getSession()).deltas());
			}
		}
	}

	/** An upsert does not say whether it inserted or updated, nor what the row held before. */
	@Override
	public void onPostUpsert(PostUpsertEvent event) {
		warnUnfollowed(event.getPersister(), "upserted", "StatelessSession.upsert");
	}

	@Override
	public void onPreRecreateCollection(PreCollectionRecreateEvent event) {
		collectionChanged(event, CollectionChange.Action.RECREATE);
	}

	@Override
	public void onPreUpdateCollection(PreCollectionUpdateEvent event) {
		collectionChanged(event, CollectionChange.Action.UPDATE);
	}

	@Override
	public void onPreRemoveCollection(PreCollectionRemoveEvent event) {
		collectionChanged(event, CollectionChange.Action.REMOVE);
	}

	private void collectionChanged(AbstractCollectionEvent event, CollectionChange.Action action) {
		CollectionPersister persister = CollectionChange.persister(event);
		if (persister == null) {
			return;
		}
		List<CounterCache> counting = this.byRole.computeIfAbsent(persister.getRole(), (role) -> {
			EntityPersister owner = persister.getOwnerEntityPersister();
			String attribute = role.substring(owner.getEntityName().length() + 1);
			return (owner.getMappedClass() == null) ? List.of()
					: all(owner).overCollection(owner.getMappedClass(), attribute);
		});
		if (counting.isEmpty()) {
			return;
		}
		if (!CollectionChange.contribute(counting, event, action, transaction(event.getSession()).deltas())
				&& this.warned.add(persister.getRole())) {
			logger.warn("Hibernate changed " + persister.getRole() + " without telling its owner's id, so "
					+ counting.get(0).describe() + " could not follow; BufferedCounters.recalculate repairs it. "
					+ "Logged once per collection");
		}
	}

	/**
	 * Notes a deleted row that has buffered counters: the deltas still pending for it are
	 * expected leftovers, which the flush drops without a warning once the deletion committed.
	 */
	private void holderDeleted(PostDeleteEvent event) {
		Class<?> type = event.getPersister().getMappedClass();
		if (type == null || event.getId() == null) {
			return;
		}
		Optional<CounterTable> table = this.holders.computeIfAbsent(type, (key) -> {
			try {
				return Optional.of(CounterRegistry.of(event.getPersister().getFactory()).table(key));
			}
			catch (IllegalArgumentException noCounters) {
				return Optional.empty();
			}
		});
		table.ifPresent((counters) -> counters.columns()
			.keySet()
			.forEach((field) -> transaction(event.getSession()).deletedRows().add(counters.key(event.getId(), field))));
	}

	private void warnUnfollowed(EntityPersister persister, String what, String how) {
		if (!caches(persister).isEmpty() && this.warned.add(persister.getEntityName() + " " + what)) {
			logger.warn("Hibernate " + what + " a " + persister.getEntityName() + " without its previous state (as "
					+ how + " does), so its counter caches could not follow the change; BufferedCounters.recalculate "
					+ "or verifySample(CORRECT) repairs them. Logged once per entity");
		}
	}

	private void changed(EntityPersister persister, SharedSessionContractImplementor session, Object[] before,
			Object[] after) {
		List<CounterCache> counting = caches(persister);
		if (counting.isEmpty()) {
			return;
		}
		Map<CounterKey, Long> deltas = transaction(session).deltas();
		for (CounterCache cache : counting) {
			if (before != null) {
				ChildState.contribute(cache, persister, before, session, -1, deltas);
			}
			if (after != null) {
				ChildState.contribute(cache, persister, after, session, 1, deltas);
			}
		}
	}

	private List<CounterCache> caches(EntityPersister persister) {
		Class<?> type = persister.getMappedClass();
		if (type == null) {
			return List.of();
		}
		CounterCaches known = all(persister);
		return this.byChildClass.computeIfAbsent(type, known::counting);
	}

	private CounterCaches all(EntityPersister persister) {
		CounterCaches all = this.caches;
		if (all == null) {
			all = CounterRegistry.of(persister.getFactory()).caches();
			this.caches = all;
		}
		return all;
	}

	private TransactionDeltas transaction(SharedSessionContractImplementor session) {
		return this.transactions.computeIfAbsent(session, (key) -> {
			TransactionDeltas deltas = new TransactionDeltas(key, this.committed, this.uncertain, this.deleted,
					() -> this.transactions.remove(key));
			key.getTransactionCompletionCallbacks().registerCallback(deltas);
			if (TransactionSynchronizationManager.isSynchronizationActive()) {
				TransactionSynchronizationManager.registerSynchronization(deltas);
			}
			return deltas;
		});
	}

	@Override
	public boolean requiresPostCommitHandling(EntityPersister persister) {
		return false;
	}

}

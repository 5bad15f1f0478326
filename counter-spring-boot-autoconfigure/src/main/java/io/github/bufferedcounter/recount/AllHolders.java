package io.github.bufferedcounter.recount;

import java.util.List;

import jakarta.persistence.EntityManager;

/** Every holder row, read in id order with the HQL of {@link RecountQuery#ids}. */
final class AllHolders implements HolderSelection {

	private final RecountQuery query;

	AllHolders(RecountQuery query) {
		this.query = query;
	}

	@Override
	public List<Object> page(EntityManager entityManager, Object after, int size) {
		var select = entityManager.createQuery(this.query.ids(after == null), Object.class);
		if (after != null) {
			select.setParameter("after", after);
		}
		return select.setMaxResults(size).getResultList();
	}

	@Override
	public boolean contiguous() {
		return true;
	}

}

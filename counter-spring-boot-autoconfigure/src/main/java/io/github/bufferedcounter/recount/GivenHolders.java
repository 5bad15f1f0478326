package io.github.bufferedcounter.recount;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

import io.github.bufferedcounter.mapping.CounterTable;
import jakarta.persistence.EntityManager;

/**
 * The holder ids a caller gave, checked against the id type, without duplicates, in order; a
 * page starts after the last id of the previous one, which is always one of them.
 */
final class GivenHolders implements HolderSelection {

	private final List<Object> ids;

	@SuppressWarnings({ "rawtypes", "unchecked" })
	GivenHolders(CounterTable table, String field, Collection<?> ids) {
		if (ids == null) {
			throw new IllegalArgumentException("Ids must not be null; pass the ids of the " + table.entityName()
					+ " rows to recount");
		}
		TreeSet sorted = new TreeSet<>();
		for (Object id : ids) {
			table.key(id, field);
			sorted.add(id);
		}
		this.ids = new ArrayList<>(sorted);
	}

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public List<Object> page(EntityManager entityManager, Object after, int size) {
		int start = (after != null) ? Collections.binarySearch((List) this.ids, after) + 1 : 0;
		return this.ids.subList(start, Math.min(this.ids.size(), start + size));
	}

	@Override
	public boolean contiguous() {
		return false;
	}

}

package io.github.bufferedcounter.recount;

import java.util.List;

import io.github.bufferedcounter.HolderFilter;
import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.metamodel.EntityType;

/**
 * The holder rows a {@link HolderFilter} selects, read in id order by a Criteria query per page,
 * keyset-paged on the id: the caller's predicate and the last id of the previous page are both
 * bound by Hibernate, never written into the statement.
 *
 * @param <E> the holder entity
 */
final class FilteredHolders<E> implements HolderSelection {

	private final Class<E> entityType;

	private final HolderFilter<E> filter;

	FilteredHolders(Class<E> entityType, HolderFilter<E> filter) {
		if (filter == null) {
			throw new IllegalArgumentException("Filter must not be null; pass (holder, cb) -> <a Predicate> to select "
					+ "the " + entityType.getSimpleName() + " rows to recount, or call recalculateAll without one");
		}
		this.entityType = entityType;
		this.filter = filter;
	}

	@Override
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public List<Object> page(EntityManager entityManager, Object after, int size) {
		CriteriaBuilder builder = entityManager.getCriteriaBuilder();
		CriteriaQuery<Object> query = builder.createQuery(Object.class);
		Root<E> holder = query.from(this.entityType);
		EntityType<E> entity = entityManager.getMetamodel().entity(this.entityType);
		Path<Comparable> id = holder.get(entity.getId(entity.getIdType().getJavaType()).getName());
		Predicate selected = this.filter.toPredicate(holder, builder);
		if (selected == null) {
			throw new IllegalArgumentException("The filter for " + entity.getName() + " returned no predicate; "
					+ "return builder.conjunction() to recount every row");
		}
		query.select(id)
			.where((after != null) ? builder.and(selected, builder.greaterThan(id, (Comparable) after)) : selected)
			.orderBy(builder.asc(id));
		return entityManager.createQuery(query).setMaxResults(size).getResultList();
	}

	@Override
	public boolean contiguous() {
		return false;
	}

}

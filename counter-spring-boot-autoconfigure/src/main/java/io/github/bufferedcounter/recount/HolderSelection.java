package io.github.bufferedcounter.recount;

import java.util.List;

import jakarta.persistence.EntityManager;

/**
 * The holder rows a column recount walks, in id order, a page at a time: every row, the ids a
 * caller gave, or the rows a {@code HolderFilter} selects.
 */
interface HolderSelection {

	/**
	 * Reads the next ids in order.
	 * @param entityManager an entity manager in a transaction of its own
	 * @param after the last id of the previous page, or {@code null} for the first page
	 * @param size how many ids at most
	 * @return the ids, empty after the last page
	 */
	List<Object> page(EntityManager entityManager, Object after, int size);

	/**
	 * Returns whether every holder between the first and last id of a page is selected, so that a
	 * page can be recounted with {@code between} rather than an {@code in} list.
	 * @return whether pages have no gaps
	 */
	boolean contiguous();

}

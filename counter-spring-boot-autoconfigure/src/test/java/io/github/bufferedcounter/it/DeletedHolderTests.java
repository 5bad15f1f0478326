package io.github.bufferedcounter.it;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.github.bufferedcounter.BufferedCounters;
import io.github.bufferedcounter.FlushResult;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A row with pending deltas deleted through Hibernate is an expected leftover: read as zero, its
 * deltas dropped without counting an orphan. A row that vanished by plain SQL still counts as
 * one, on every database and store.
 */
interface DeletedHolderTests {

	BufferedCounters counters();

	TransactionTemplate transactions();

	EntityManagerFactory entityManagerFactory();

	JdbcTemplate jdbc();

	private EntityManager entityManager() {
		return SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory());
	}

	private Badge persisted(String label) {
		return transactions().execute((status) -> {
			Badge badge = new Badge(label);
			entityManager().persist(badge);
			return badge;
		});
	}

	private Object id(Badge badge) {
		return entityManagerFactory().getPersistenceUnitUtil().getIdentifier(badge);
	}

	@Test
	default void aRowDeletedThroughHibernateReadsZeroAndItsPendingDeltasAreNoOrphans() {
		Badge deleted = persisted("deleted");
		Badge kept = persisted("kept");
		Badge vanished = persisted("vanished");
		Badge rolledBack = persisted("rolled back");
		counters().increment(deleted, "awarded", 5);
		counters().increment(kept, "awarded", 2);
		counters().increment(vanished, "awarded", 4);
		counters().increment(rolledBack, "awarded", 3);

		transactions().executeWithoutResult((status) -> entityManager().remove(entityManager().merge(deleted)));
		transactions().executeWithoutResult((status) -> {
			entityManager().remove(entityManager().merge(rolledBack));
			status.setRollbackOnly();
		});
		jdbc().update("delete from badge where id in (?, ?)", id(vanished), id(rolledBack));

		assertThat(counters().current(Badge.class, id(deleted), "awarded")).isZero();
		assertThat(counters().currentAll(Badge.class, List.of(id(deleted), id(kept), id(vanished)), "awarded"))
			.as("a row gone by plain SQL keeps its pending deltas until the flush")
			.containsValues(0L, 2L, 4L);
		FlushResult flushed = counters().flush();
		assertThat(flushed.keys()).isEqualTo(4);
		assertThat(flushed.orphans()).as("the rows gone by plain SQL, after a rolled back deletion too").isEqualTo(2);
		assertThat(counters().current(kept, "awarded")).isEqualTo(2);
	}

	@Test
	default void aRowDeletedWithTheRowsItCountsLeavesNoOrphans() {
		long blog = ThreadLocalRandom.current().nextLong(1, 1L << 50);
		transactions().executeWithoutResult((status) -> {
			entityManager().persist(new Blog(blog));
			entityManager().persist(new Article(blog + 1, entityManager().getReference(Blog.class, blog)));
			entityManager().persist(new Article(blog + 2, entityManager().getReference(Blog.class, blog)));
		});
		counters().flush();

		// the blog goes with its articles: their deltas to it are not even handed over
		transactions().executeWithoutResult((status) -> {
			entityManager().remove(entityManager().find(Article.class, blog + 1));
			entityManager().remove(entityManager().find(Article.class, blog + 2));
			entityManager().flush();
			entityManager().remove(entityManager().find(Blog.class, blog));
		});

		assertThat(counters().pending(Blog.class, blog, "articleCount")).isZero();
		assertThat(counters().flush().orphans()).isZero();
	}

}

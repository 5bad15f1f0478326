package io.github.bufferedcounter.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.bufferedcounter.BufferedCounters;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;

import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

/**
 * Reads of counters by entity instance, for entities that do not expose their id: Hibernate
 * reads the id, on every database and store.
 */
interface EntityFormTests {

	BufferedCounters counters();

	TransactionTemplate transactions();

	EntityManagerFactory entityManagerFactory();

	private Badge persisted(String label) {
		return transactions().execute((status) -> {
			Badge badge = new Badge(label);
			SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory()).persist(badge);
			return badge;
		});
	}

	@Test
	default void currentOfAnEntityThatHidesItsIdReadsTheIdFromHibernate() {
		Badge badge = persisted("helpful");
		counters().increment(badge, "awarded", 3);
		counters().flush();
		counters().increment(badge, "awarded", 2);

		assertThat(counters().current(badge, "awarded")).isEqualTo(5);
		assertThat(counters().current(badge, Badge_.awarded)).isEqualTo(5);
		EntityManager entityManager = entityManagerFactory().createEntityManager();
		try {
			Object id = entityManagerFactory().getPersistenceUnitUtil().getIdentifier(badge);
			Badge proxy = entityManager.getReference(Badge.class, id);
			assertThat(counters().current(proxy, "awarded")).as("an uninitialized proxy").isEqualTo(5);
		}
		finally {
			entityManager.close();
		}
	}

	@Test
	default void currentAllOfEntitiesIsKeyedByTheEntitiesInTheOrderGiven() {
		Badge first = persisted("first");
		Badge second = persisted("second");
		Badge third = persisted("third");
		counters().increment(first, "awarded", 1);
		counters().increment(third, "awarded", 3);
		counters().flush();
		counters().increment(third, "awarded", 4);

		List<Badge> badges = new ArrayList<>(List.of(third, first, second, third));
		Map<Badge, Long> current = counters().currentAll(badges, "awarded");

		assertThat(current).containsExactly(entry(third, 7L), entry(first, 1L), entry(second, 0L));
		assertThat(counters().currentAll(badges, Badge_.awarded)).isEqualTo(current);
		assertThat(counters().currentAll(List.<Badge>of(), "awarded")).isEmpty();
	}

	@Test
	default void currentOfAnEntityNeverPersistedNamesTheProblem() {
		Badge transientBadge = new Badge("new-" + UUID.randomUUID());

		assertThatIllegalArgumentException().isThrownBy(() -> counters().current(transientBadge, "awarded"))
			.withMessageContaining("Badge has no id yet (it was never persisted)")
			.withMessageContaining("current(Class, Object, String)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> counters().currentAll(List.of(persisted("saved"), transientBadge), "awarded"))
			.withMessageContaining("Badge has no id yet");
	}

}

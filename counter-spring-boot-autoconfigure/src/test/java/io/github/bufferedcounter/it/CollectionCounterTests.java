package io.github.bufferedcounter.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.bufferedcounter.BufferedCounters;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counters over collections ({@code @BufferedCounter(countOf = ..., collection = ...)}) on every
 * database and store: a unidirectional {@code @OneToMany} with a {@code @JoinColumn}, one with
 * orphan removal, and a {@code @ManyToMany}, each change checked against {@code count(*)} of
 * the join column or join table, then a concurrent random workload.
 */
interface CollectionCounterTests {

	BufferedCounters counters();

	TransactionTemplate transactions();

	JdbcTemplate jdbc();

	EntityManagerFactory entityManagerFactory();

	private EntityManager em() {
		return SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory());
	}

	private static long newId() {
		return ThreadLocalRandom.current().nextLong(1, 1L << 50);
	}

	private long owner(int pets) {
		long id = newId();
		this.transactions().executeWithoutResult((status) -> {
			Owner owner = new Owner(id);
			for (int i = 0; i < pets; i++) {
				owner.getPets().add(new Pet(newId()));
			}
			em().persist(owner);
		});
		return id;
	}

	private long petsOf(long owner) {
		return jdbc().queryForObject("select count(*) from pet where owner_id = ?", Long.class, owner);
	}

	private long labelsOf(long owner) {
		return jdbc().queryForObject("select count(*) from owner_label where owner_id = ?", Long.class, owner);
	}

	private long pets(long owner) {
		return counters().current(Owner.class, owner, "petCount");
	}

	private void inTransaction(long owner, java.util.function.Consumer<Owner> change) {
		transactions().executeWithoutResult((status) -> change.accept(em().find(Owner.class, owner)));
	}

	@Test
	default void aOneToManyWithAJoinColumnIsCountedThroughAddRemoveMoveClearAndReplace() {
		long a = owner(2);
		long b = owner(0);
		assertThat(pets(a)).as("persisted with two pets").isEqualTo(2);
		inTransaction(a, (owner) -> owner.getPets().add(new Pet(newId())));
		assertThat(pets(a)).isEqualTo(3).isEqualTo(petsOf(a));

		transactions().executeWithoutResult((status) -> {
			Owner from = em().find(Owner.class, a);
			Pet moved = from.getPets().remove(0);
			em().find(Owner.class, b).getPets().add(moved);
		});
		assertThat(pets(a)).as("moved away").isEqualTo(2).isEqualTo(petsOf(a));
		assertThat(pets(b)).as("moved here").isEqualTo(1).isEqualTo(petsOf(b));

		inTransaction(a, (owner) -> owner.getPets().remove(0));
		assertThat(pets(a)).as("removed, the pet stays without owner").isEqualTo(1).isEqualTo(petsOf(a));

		inTransaction(a, (owner) -> owner.getPets().clear());
		assertThat(pets(a)).as("cleared").isZero();
		assertThat(petsOf(a)).isZero();

		inTransaction(b, (owner) -> owner.setPets(new ArrayList<>(List.of(new Pet(newId()), new Pet(newId())))));
		assertThat(pets(b)).as("replaced by a new list of two").isEqualTo(2).isEqualTo(petsOf(b));

		transactions().executeWithoutResult((status) -> {
			em().find(Owner.class, b).getPets().add(new Pet(newId()));
			em().flush();
			status.setRollbackOnly();
		});
		assertThat(pets(b)).as("a rolled-back add, flushed to the database first").isEqualTo(2);

		counters().flush();
		assertThat(jdbc().queryForObject("select pet_count from pet_owner where id = ?", Long.class, a)).isZero();
		assertThat(jdbc().queryForObject("select pet_count from pet_owner where id = ?", Long.class, b)).isEqualTo(2);
		assertThat(counters().verify(Owner.class, a, "petCount").correct()).isTrue();
		assertThat(counters().verify(Owner.class, b, "petCount").correct()).isTrue();
	}

	@Test
	default void anUnloadedCollectionReplacedIsCountedFromTheDatabase() {
		long owner = owner(3);
		counters().flush();
		// find does not load the lazy collection: its removal is counted in SQL
		inTransaction(owner, (found) -> found.setPets(new ArrayList<>(List.of(new Pet(newId())))));
		assertThat(pets(owner)).isEqualTo(1).isEqualTo(petsOf(owner));
	}

	@Test
	default void orphanRemovalIsCounted() {
		long pet = newId();
		transactions().executeWithoutResult((status) -> {
			Pet created = new Pet(pet);
			for (int i = 0; i < 3; i++) {
				created.getVisits().add(new Visit(newId()));
			}
			em().persist(created);
		});
		transactions().executeWithoutResult((status) -> em().find(Pet.class, pet).getVisits().remove(0));
		long visits = jdbc().queryForObject("select count(*) from visit where pet_id = ?", Long.class, pet);
		assertThat(visits).as("the orphan is deleted").isEqualTo(2);
		assertThat(counters().current(Pet.class, pet, "visitCount")).isEqualTo(2);
	}

	@Test
	default void aManyToManyIsCountedFromItsJoinTable() {
		long owner = owner(0);
		List<Long> labels = new ArrayList<>();
		transactions().executeWithoutResult((status) -> {
			for (int i = 0; i < 4; i++) {
				Label label = new Label(newId());
				em().persist(label);
				labels.add(label.getId());
			}
		});
		inTransaction(owner, (found) -> labels.forEach((label) -> found.getLabels().add(em().find(Label.class, label))));
		assertThat(counters().current(Owner.class, owner, "labelCount")).isEqualTo(4).isEqualTo(labelsOf(owner));
		inTransaction(owner, (found) -> found.getLabels().remove(em().find(Label.class, labels.get(0))));
		assertThat(counters().current(Owner.class, owner, "labelCount")).isEqualTo(3).isEqualTo(labelsOf(owner));
		inTransaction(owner, (found) -> found.getLabels().add(em().find(Label.class, labels.get(1))));
		assertThat(counters().current(Owner.class, owner, "labelCount")).as("a set member added again")
			.isEqualTo(3);
		inTransaction(owner, (found) -> found.getLabels().clear());
		assertThat(counters().current(Owner.class, owner, "labelCount")).isZero();
		assertThat(labelsOf(owner)).isZero();
	}

	@Test
	default void aDeletedOwnerLeavesNothingPending() {
		long owner = owner(2);
		counters().flush();
		transactions().executeWithoutResult((status) -> em().remove(em().find(Owner.class, owner)));
		assertThat(counters().pending(Owner.class, owner, "petCount")).isZero();
	}

	@Test
	default void recalculateAndVerifyCountFromTheJoinColumnAndJoinTable() {
		long owner = owner(3);
		counters().flush();
		jdbc().update("update pet set owner_id = null where owner_id = ?", owner);
		assertThat(counters().verify(Owner.class, owner, "petCount").drift()).isEqualTo(3);
		assertThat(counters().recalculate(Owner.class, owner, "petCount")).isZero();
		counters().flush();
		assertThat(pets(owner)).isZero();
		long other = owner(2);
		counters().flush();
		jdbc().update("update pet_owner set pet_count = 40 where id = ?", other);
		assertThat(counters().recalculateAll(Owner.class, "petCount")).isPositive();
		assertThat(jdbc().queryForObject("select pet_count from pet_owner where id = ?", Long.class, other))
			.isEqualTo(2);
		assertThat(counters().recalculateAll(Owner.class, "labelCount")).isPositive();
	}

	@Test
	default void aConcurrentRandomWorkloadEndsEqualToCountStar() throws Exception {
		List<Long> owners = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			owners.add(owner(2));
		}
		List<Long> labels = new ArrayList<>();
		transactions().executeWithoutResult((status) -> {
			for (int i = 0; i < 5; i++) {
				Label label = new Label(newId());
				em().persist(label);
				labels.add(label.getId());
			}
		});
		AtomicInteger committed = new AtomicInteger();
		AtomicInteger rolledBack = new AtomicInteger();
		AtomicInteger conflicts = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(6);
		try {
			List<Future<?>> work = new ArrayList<>();
			for (int t = 0; t < 6; t++) {
				work.add(threads.submit(() -> {
					ThreadLocalRandom random = ThreadLocalRandom.current();
					for (int i = 0; i < 40; i++) {
						long from = owners.get(random.nextInt(owners.size()));
						long to = owners.get(random.nextInt(owners.size()));
						int op = random.nextInt(5);
						boolean rollback = random.nextInt(10) == 0;
						try {
							transactions().executeWithoutResult((status) -> {
								Owner owner = em().find(Owner.class, from);
								switch (op) {
									case 0 -> owner.getPets().add(new Pet(newId()));
									case 1 -> {
										if (!owner.getPets().isEmpty() && from != to) {
											Pet pet = owner.getPets().remove(random.nextInt(owner.getPets().size()));
											em().find(Owner.class, to).getPets().add(pet);
										}
									}
									case 2 -> {
										if (!owner.getPets().isEmpty()) {
											owner.getPets().remove(random.nextInt(owner.getPets().size()));
										}
									}
									case 3 -> owner.getLabels()
										.add(em().find(Label.class, labels.get(random.nextInt(labels.size()))));
									default -> owner.getLabels()
										.remove(em().find(Label.class, labels.get(random.nextInt(labels.size()))));
								}
								if (rollback) {
									status.setRollbackOnly();
								}
							});
							(rollback ? rolledBack : committed).incrementAndGet();
						}
						catch (ConcurrencyFailureException conflict) {
							// two transactions on one owner (its version) or a deadlock: nothing committed.
							// Any other exception (a listener that throws, say) fails the test.
							conflicts.incrementAndGet();
						}
					}
					return null;
				}));
			}
			for (Future<?> future : work) {
				future.get(120, TimeUnit.SECONDS);
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(committed.get()).as("transactions that committed (%d rolled back on purpose, %d conflicts)",
				rolledBack.get(), conflicts.get())
			.isPositive();
		counters().flush();
		for (long owner : owners) {
			assertThat(jdbc().queryForObject("select pet_count from pet_owner where id = ?", Long.class, owner))
				.as("pets of " + owner)
				.isEqualTo(petsOf(owner));
			assertThat(jdbc().queryForObject("select label_count from pet_owner where id = ?", Long.class, owner))
				.as("labels of " + owner)
				.isEqualTo(labelsOf(owner));
		}
	}

}

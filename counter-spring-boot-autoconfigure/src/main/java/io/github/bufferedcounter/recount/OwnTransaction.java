package io.github.bufferedcounter.recount;

import java.util.function.Function;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;

/**
 * Runs work in a resource-local transaction of its own, never in the caller's: a recount must
 * see what other transactions committed, and its correction must commit on its own.
 */
final class OwnTransaction {

	private OwnTransaction() {
	}

	/**
	 * Runs the work and commits, or rolls back if the work marked the transaction rollback-only
	 * or failed.
	 */
	static <T> T run(EntityManagerFactory entityManagerFactory, Function<EntityManager, T> work) {
		EntityManager entityManager = entityManagerFactory.createEntityManager();
		EntityTransaction transaction = entityManager.getTransaction();
		try {
			transaction.begin();
			T result = work.apply(entityManager);
			if (transaction.getRollbackOnly()) {
				transaction.rollback();
			}
			else {
				transaction.commit();
			}
			return result;
		}
		finally {
			if (transaction.isActive()) {
				transaction.rollback();
			}
			entityManager.close();
		}
	}

}

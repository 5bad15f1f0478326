package io.github.bufferedcounter.increment;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.hibernate.resource.transaction.spi.TransactionStatus;

import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells a transaction that did not commit from one whose COMMIT failed with an unknown
 * outcome. Spring reports {@code STATUS_UNKNOWN} for the latter only when the commit failure
 * is a {@code TransactionException}; {@code JpaTransactionManager} reports most commit failures
 * as {@code STATUS_ROLLED_BACK} although nothing could be rolled back, so the Hibernate
 * sessions of the transaction, still bound at {@code afterCompletion}, are asked too: their
 * status stays {@code FAILED_COMMIT} when the COMMIT failed and no rollback succeeded after it.
 */
final class CommitOutcome {

	private CommitOutcome() {
	}

	/**
	 * Whether the transaction just completed with {@code status} may have committed although
	 * Spring does not report it committed.
	 * @param status the status given to {@code afterCompletion}
	 * @param commitStarted whether {@code beforeCommit} was called, which tells a failed commit
	 * from a failed rollback when Spring reports {@code STATUS_UNKNOWN}
	 */
	static boolean unknown(int status, boolean commitStarted) {
		if (status == TransactionSynchronization.STATUS_COMMITTED) {
			return false;
		}
		if (status == TransactionSynchronization.STATUS_UNKNOWN && commitStarted) {
			return true;
		}
		for (Object resource : TransactionSynchronizationManager.getResourceMap().values()) {
			if (resource instanceof EntityManagerHolder holder && failedCommit(holder.getEntityManager())) {
				return true;
			}
		}
		return false;
	}

	private static boolean failedCommit(EntityManager entityManager) {
		try {
			return entityManager.unwrap(Session.class).getTransaction().getStatus() == TransactionStatus.FAILED_COMMIT;
		}
		catch (RuntimeException notHibernateOrNotLocal) {
			// another JPA provider, or a JTA transaction, which reports its outcome to Spring itself
			return false;
		}
	}

}

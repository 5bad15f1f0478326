package io.github.bufferedcounter.benchmarks.app;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

/**
 * The peer: what an application does without the library, one relative update per increment in
 * a transaction of its own.
 */
public interface BenchCounterRepository extends JpaRepository<BenchCounter, Long> {

	/**
	 * {@code update bench_counter set n = n + 1 where id = ?}, committed at once.
	 * @param id the row
	 * @return rows updated
	 */
	@Transactional
	@Modifying
	@Query("update BenchCounter c set c.n = c.n + 1 where c.id = :id")
	int incrementDirectly(@Param("id") long id);

}

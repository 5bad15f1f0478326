package io.github.bufferedcounter.sample;

import jakarta.persistence.EntityManager;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The view endpoint as an application without the library writes it, for the HTTP figure of
 * the benchmarks ({@code benchmarks/http-figure.sh}, docs/benchmarks.md): one relative
 * {@code UPDATE} of the views column per request, committed before the answer. It exists only
 * with the profile {@code http-figure}; the sample as users run it does not have it.
 *
 * <pre>
 * POST   /posts/{id}/views-direct            adds 1 view with update ... set views = views + 1
 * </pre>
 */
@RestController
@Profile("http-figure")
class DirectViewController {

	private final EntityManager entityManager;

	DirectViewController(EntityManager entityManager) {
		this.entityManager = entityManager;
	}

	@PostMapping("/posts/{id}/views-direct")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Transactional
	public void view(@PathVariable long id) {
		int updated = this.entityManager.createQuery("update Post p set p.views = p.views + 1 where p.id = :id")
			.setParameter("id", id)
			.executeUpdate();
		if (updated == 0) {
			throw PostController.notFound(id);
		}
	}

}

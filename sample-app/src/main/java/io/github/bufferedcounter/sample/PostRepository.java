package io.github.bufferedcounter.sample;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Spring Data repository for {@link Post}.
 */
public interface PostRepository extends JpaRepository<Post, Long> {

}

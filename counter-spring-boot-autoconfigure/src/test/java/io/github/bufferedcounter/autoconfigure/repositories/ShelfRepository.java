package io.github.bufferedcounter.autoconfigure.repositories;

import org.springframework.data.jpa.repository.JpaRepository;

public interface ShelfRepository extends JpaRepository<Shelf, Long> {

}

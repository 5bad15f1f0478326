package io.github.bufferedcounter.autoconfigure.repositories;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** An application that uses Spring Data JPA repositories, and Redis only through the starter. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class JpaOnlyApplication {

}

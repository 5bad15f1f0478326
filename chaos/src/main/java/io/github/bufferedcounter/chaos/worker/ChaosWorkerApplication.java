package io.github.bufferedcounter.chaos.worker;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application each worker JVM boots: JPA on PostgreSQL, Redis and the buffered counter
 * starter, no web server. Everything else comes from the command line the driver passes.
 */
@SpringBootApplication
public class ChaosWorkerApplication {

}

package io.github.bufferedcounter.benchmarks.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application the harness boots, once per configuration: JPA, Redis and the buffered
 * counter starter, no web server. Everything it needs comes from properties the harness passes.
 */
@SpringBootApplication
public class BenchApp {

}

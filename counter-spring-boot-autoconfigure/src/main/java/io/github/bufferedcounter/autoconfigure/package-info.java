/**
 * Spring Boot auto-configuration of buffered counters, one class per concern (Hibernate
 * integration, Redis store, core, flush schedule, endpoint, health, metrics, observations), and
 * the {@code buffered-counter.*} properties.
 */
@NullMarked
package io.github.bufferedcounter.autoconfigure;

import org.jspecify.annotations.NullMarked;

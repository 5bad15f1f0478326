/**
 * The counters of the persistence unit, read from Hibernate's mapping: counter fields, their
 * tables and ids, and counter caches checked against the JPA metamodel.
 */
@NullMarked
package io.github.bufferedcounter.mapping;

import org.jspecify.annotations.NullMarked;

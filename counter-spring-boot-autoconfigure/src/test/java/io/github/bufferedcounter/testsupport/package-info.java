/**
 * Servers and clocks for the library's tests: Redis, PostgreSQL and MariaDB, external when the
 * {@code BUFFERED_COUNTER_TEST_*} variables name them and embedded otherwise.
 */
@NullMarked
package io.github.bufferedcounter.testsupport;

import org.jspecify.annotations.NullMarked;

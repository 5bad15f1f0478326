package io.github.bufferedcounter;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of a JPA {@code @Entity} as a buffered counter. Increments go to a buffer
 * (Redis or memory) through {@link BufferedCounters} and reach the column later as one
 * relative {@code UPDATE} per dirty row.
 *
 * <p>The field must be a {@code long}, {@code Long}, {@code int} or {@code Integer}. The
 * column stays insertable, but Hibernate no longer includes it in entity updates, so
 * saving an entity that was loaded before a flush never overwrites the flushed value.
 *
 * @see BufferedCounters
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface BufferedCounter {

}

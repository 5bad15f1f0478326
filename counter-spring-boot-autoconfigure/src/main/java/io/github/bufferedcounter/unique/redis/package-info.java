/**
 * Unique counts in Redis, with {@code PFADD} and {@code PFCOUNT}.
 */
@NullMarked
package io.github.bufferedcounter.unique.redis;

import org.jspecify.annotations.NullMarked;

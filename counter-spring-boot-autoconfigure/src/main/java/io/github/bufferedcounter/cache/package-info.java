/**
 * Counter caches: Hibernate listeners that turn inserted, deleted and moved rows of a counted
 * entity into deltas, held per transaction and handed to the buffer after the commit.
 */
@NullMarked
package io.github.bufferedcounter.cache;

import org.jspecify.annotations.NullMarked;

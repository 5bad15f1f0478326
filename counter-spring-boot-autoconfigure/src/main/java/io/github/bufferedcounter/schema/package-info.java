/**
 * The starter's own tables: where their migrations are, and the check that they exist with the
 * columns the flusher needs.
 */
@NullMarked
package io.github.bufferedcounter.schema;

import org.jspecify.annotations.NullMarked;

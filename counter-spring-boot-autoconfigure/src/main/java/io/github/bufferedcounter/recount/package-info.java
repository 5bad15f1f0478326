/**
 * Repairing and verifying counter caches: recounts in SQL, written so that deltas still
 * pending in the buffer are counted once.
 */
@NullMarked
package io.github.bufferedcounter.recount;

import org.jspecify.annotations.NullMarked;

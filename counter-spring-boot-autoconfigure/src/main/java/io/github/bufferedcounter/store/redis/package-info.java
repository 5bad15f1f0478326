/**
 * The delta store in Redis: sharded hashes written and claimed by Lua scripts, a group commit
 * for adds, and a spill buffer for while Redis cannot be reached.
 */
@NullMarked
package io.github.bufferedcounter.store.redis;

import org.jspecify.annotations.NullMarked;

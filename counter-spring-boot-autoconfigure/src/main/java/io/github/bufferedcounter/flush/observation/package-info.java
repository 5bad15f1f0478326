/**
 * Micrometer Observations of flushes: one per flush pass and a child per batch it applies, so
 * that a tracing bridge shows them as spans and a meter handler times them. Each has a context,
 * a default convention and a convention interface that an application may implement to
 * replace it.
 */
@NullMarked
package io.github.bufferedcounter.flush.observation;

import org.jspecify.annotations.NullMarked;

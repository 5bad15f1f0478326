package io.github.bufferedcounter;

/**
 * Published as an application event after a flush committed a change to one counter, when
 * {@code buffered-counter.flush.publish-events} is {@code true}. Listen with
 * {@code @EventListener}, for example to act when a counter reaches a threshold:
 *
 * <pre class="code">
 * &#064;EventListener(condition = "#event.reached(1000)")
 * void thousandViews(CounterChangedEvent event) {
 *     ...
 * }
 * </pre>
 *
 * <p>
 * There is one event per changed counter rather than one per flush: a listener then declares
 * in its signature and {@code condition} which counters it cares about and never loops over
 * the changes of unrelated entities, and the event stays the same whether a flush wrote one
 * row or a thousand.
 * <p>
 * {@code newValue} is the column as the flush's own transaction read it right after its
 * update, while the row was still locked by that update, so {@code oldValue} and
 * {@code newValue} are exact even when other instances flush or other writers update the
 * same column; a {@code NULL} column counts as zero. The changes of one counter chain: each
 * one's {@code oldValue} is the {@code newValue} of the change committed before it, unless a
 * writer other than the flusher changed the column in between. With several instances each
 * publishes the changes it committed, to its own listeners.
 * <p>
 * Events are published synchronously on the flushing thread once the batch's transaction has
 * committed, never for a batch that rolled back, for a batch that an earlier attempt had
 * already applied, for a row that no longer exists, or for a delta that was rejected. The
 * flush's transaction has ended and scheduled flushes run outside any transaction, so use
 * {@code @EventListener} rather than {@code @TransactionalEventListener}, and hand slow work
 * to another thread. Delivery is at
 * most once: a process that dies between the commit and the publication loses the events of
 * that batch, never a count. A listener that throws is logged at WARN and does not fail the
 * flush.
 *
 * @param entityType the entity class
 * @param entityName the JPA entity name
 * @param id the entity's id, of the entity's id type
 * @param field the {@code @BufferedCounter} field
 * @param oldValue the column's value before the flush's update
 * @param newValue the column's value after it
 */
public record CounterChangedEvent(Class<?> entityType, String entityName, Object id, String field, long oldValue,
		long newValue) {

	/**
	 * Returns what the flush added to the counter.
	 * @return {@code newValue - oldValue}, negative for a decrement
	 */
	public long delta() {
		return this.newValue - this.oldValue;
	}

	/**
	 * Returns whether this change took the counter from below a threshold to at least that
	 * threshold. Across the changes of one counter, at most one reaches a given threshold
	 * unless the counter falls below it again.
	 * @param threshold the threshold
	 * @return {@code true} if {@code oldValue < threshold <= newValue}
	 */
	public boolean reached(long threshold) {
		return this.oldValue < threshold && this.newValue >= threshold;
	}

}

package io.github.bufferedcounter;

/**
 * One counter cache compared with a recount in SQL.
 *
 * @param entityType the entity holding the counter
 * @param id its id
 * @param field the counter field
 * @param current the database value plus everything pending
 * @param expected the count or sum the database computes from the counted rows now
 */
public record CounterCheck(Class<?> entityType, Object id, String field, long current, long expected) {

	/**
	 * Returns whether the counter will hold the recount once everything pending is flushed.
	 * @return whether the counter is right
	 */
	public boolean correct() {
		return this.current == this.expected;
	}

	/**
	 * Returns how far the counter is off.
	 * @return current minus expected
	 */
	public long drift() {
		return this.current - this.expected;
	}

	@Override
	public String toString() {
		return this.entityType.getSimpleName() + "." + this.field + "[" + this.id + "]: " + this.current
				+ (correct() ? "" : " (expected " + this.expected + ")");
	}

}

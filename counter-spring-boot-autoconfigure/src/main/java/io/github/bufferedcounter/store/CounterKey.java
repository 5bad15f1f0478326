package io.github.bufferedcounter.store;

import java.util.Comparator;

/**
 * Names one counter cell: an entity, the string form of its id, and a counter field. Encoded
 * as {@code entity:field:id}, the form used as a Redis hash field.
 *
 * @param entity the JPA entity name
 * @param field the counter field
 * @param id the id's string form
 */
public record CounterKey(String entity, String field, String id) implements Comparable<CounterKey> {

	private static final Comparator<CounterKey> ORDER = Comparator.comparing(CounterKey::entity)
		.thenComparing(CounterKey::id)
		.thenComparing(CounterKey::field);

	/**
	 * Parses the encoded form.
	 * @param encoded a string of the form {@code entity:field:id}
	 * @return the key
	 * @throws IllegalArgumentException if the string is not of that form
	 */
	public static CounterKey decode(String encoded) {
		int first = encoded.indexOf(':');
		int second = (first < 0) ? -1 : encoded.indexOf(':', first + 1);
		if (first <= 0 || second <= first + 1 || second == encoded.length() - 1
				|| encoded.chars().anyMatch(Character::isISOControl)) {
			throw new IllegalArgumentException("Malformed counter key '" + encoded.replaceAll("\\p{Cntrl}", "?")
					+ "': expected 'entity:field:id' without control characters");
		}
		return new CounterKey(encoded.substring(0, first), encoded.substring(first + 1, second),
				encoded.substring(second + 1));
	}

	/**
	 * Returns the encoded form.
	 * @return {@code entity:field:id}
	 */
	public String encode() {
		return this.entity + ":" + this.field + ":" + this.id;
	}

	/**
	 * Returns the key of the row this counter lives in, the same for all fields of a row.
	 * Shards are chosen by row so that all fields of a row are written by one statement.
	 * @return {@code entity:id}
	 */
	public String row() {
		return this.entity + ":" + this.id;
	}

	/**
	 * Orders keys by entity, id and field: the order in which rows are locked at flush.
	 */
	@Override
	public int compareTo(CounterKey other) {
		return ORDER.compare(this, other);
	}

	@Override
	public String toString() {
		return encode();
	}

}

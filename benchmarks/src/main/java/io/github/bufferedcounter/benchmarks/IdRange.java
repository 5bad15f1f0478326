package io.github.bufferedcounter.benchmarks;

/**
 * Consecutive row ids, {@code first} to {@code first + count - 1}. Each figure works on rows of
 * its own.
 *
 * @param first the first id
 * @param count how many
 */
record IdRange(long first, int count) {

	long last() {
		return this.first + this.count - 1;
	}

	long id(int index) {
		return this.first + index;
	}

}

package io.github.bufferedcounter.testsupport;

import java.util.function.Supplier;

/**
 * A value computed on first use, at most once, thread-safely. If the computation fails, the exception is thrown to
 * the caller and the next {@link #get()} tries again.
 *
 * @param <T> type of the value
 */
final class Lazy<T> {

	private final Supplier<T> supplier;

	private T value;

	Lazy(Supplier<T> supplier) {
		this.supplier = supplier;
	}

	synchronized T get() {
		if (value == null) {
			value = supplier.get();
		}
		return value;
	}

}

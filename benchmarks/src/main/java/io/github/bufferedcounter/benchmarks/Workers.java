package io.github.bufferedcounter.benchmarks;

import java.lang.reflect.Method;

/**
 * The kind of thread a load runs on. Virtual threads exist from Java 21 on; the harness is Java
 * 17 bytecode like the library, so it makes them through {@code Thread.ofVirtual()} found by
 * reflection, and a run on Java 17 reports their rows as not run.
 */
enum Workers {

	PLATFORM, VIRTUAL;

	/** Whether this JVM can make threads of this kind. */
	boolean available() {
		return this == PLATFORM || ofVirtual() != null;
	}

	Thread create(String name, Runnable task) {
		if (this == PLATFORM) {
			return new Thread(task, name);
		}
		Method ofVirtual = ofVirtual();
		if (ofVirtual == null) {
			throw new IllegalStateException("Virtual threads need Java 21 or later; this is Java "
					+ System.getProperty("java.version"));
		}
		try {
			Object builder = ofVirtual.invoke(null);
			Class<?> builderType = Class.forName("java.lang.Thread$Builder");
			builder = builderType.getMethod("name", String.class).invoke(builder, name);
			return (Thread) builderType.getMethod("unstarted", Runnable.class).invoke(builder, task);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Could not create a virtual thread", ex);
		}
	}

	private static Method ofVirtual() {
		try {
			return Thread.class.getMethod("ofVirtual");
		}
		catch (NoSuchMethodException ex) {
			return null;
		}
	}

}

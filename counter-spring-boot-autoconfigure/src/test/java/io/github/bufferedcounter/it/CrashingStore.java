package io.github.bufferedcounter.it;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.bufferedcounter.store.DeltaStore;

/**
 * Wraps a real store so that its next acknowledge fails, standing in for a flusher process that
 * dies between its database commit and its acknowledge.
 */
final class CrashingStore {

	private CrashingStore() {
	}

	static DeltaStore crashingOnNextAcknowledge(DeltaStore store) {
		AtomicBoolean crash = new AtomicBoolean(true);
		return (DeltaStore) Proxy.newProxyInstance(DeltaStore.class.getClassLoader(),
				new Class<?>[] { DeltaStore.class }, (proxy, method, args) -> {
					if (method.getName().equals("acknowledge") && crash.getAndSet(false)) {
						throw new IllegalStateException("simulated crash before acknowledge");
					}
					try {
						return method.invoke(store, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

}

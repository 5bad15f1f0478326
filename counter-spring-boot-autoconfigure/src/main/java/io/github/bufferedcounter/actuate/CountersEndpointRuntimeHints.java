package io.github.bufferedcounter.actuate;

import io.github.bufferedcounter.FlushResult;
import io.github.bufferedcounter.store.DeadLetter;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Lets Jackson write the responses of {@link CountersEndpoint} in a native image. Spring Boot
 * registers the return types of endpoint operations itself, but the counters endpoint returns
 * {@code WebEndpointResponse<Object>}, so the types it actually returns are registered here.
 */
class CountersEndpointRuntimeHints implements RuntimeHintsRegistrar {

	private final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		this.bindings.registerReflectionHints(hints.reflection(), CountersDescriptor.class, FlushResult.class,
				DeadLetter.class);
	}

}

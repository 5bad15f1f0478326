package io.github.bufferedcounter.autoconfigure;

import io.github.bufferedcounter.schema.CounterSchemaException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link CounterSchemaException} at startup as what is wrong with the starter's tables
 * and what to do about it, instead of a stack trace.
 */
class CounterSchemaFailureAnalyzer extends AbstractFailureAnalyzer<CounterSchemaException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, CounterSchemaException cause) {
		return new FailureAnalysis(cause.getDescription(), cause.getAction(), cause);
	}

}

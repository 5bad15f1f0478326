package io.github.bufferedcounter.autoconfigure.badcache;

import io.github.bufferedcounter.BufferedCounter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** One entity per way to get a counter cache wrong; each test maps one of them. */
public final class BrokenCounterCaches {

	private BrokenCounterCaches() {
	}

	@Entity
	public static class CountOfNotAnEntity {

		@Id
		Long id;

		@BufferedCounter(countOf = String.class, mappedBy = "holder")
		long count;

	}

	@Entity
	public static class WithoutMappedBy {

		@Id
		Long id;

		@BufferedCounter(countOf = Child.class)
		long count;

	}

	@Entity
	public static class MappedByUnknown {

		@Id
		Long id;

		@BufferedCounter(countOf = Child.class, mappedBy = "parent")
		long count;

	}

	@Entity
	public static class MappedByNotToOne {

		@Id
		Long id;

		@BufferedCounter(countOf = Child.class, mappedBy = "title")
		long count;

	}

	@Entity
	public static class MappedByElsewhere {

		@Id
		Long id;

		@BufferedCounter(countOf = Child.class, mappedBy = "other")
		long count;

	}

	@Entity
	public static class SumNotNumeric {

		@Id
		Long id;

		@BufferedCounter(countOf = Child.class, mappedBy = "other", sum = "title")
		long count;

	}

	@Entity
	public static class OnlyIfNotBoolean {

		@Id
		Long id;

		@BufferedCounter(countOf = Child.class, mappedBy = "other", onlyIf = "likes")
		long count;

	}

	@Entity
	public static class SumWithoutCountOf {

		@Id
		Long id;

		@BufferedCounter(sum = "likes")
		long count;

	}

}

package io.github.bufferedcounter.autoconfigure.badcache;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

import io.github.bufferedcounter.BufferedCounter;
import io.github.bufferedcounter.CounterRollup;
import io.github.bufferedcounter.RollupPeriod;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;

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
	public static class OnlyIfUnknownAttribute {

		@Id
		Long id;

		@BufferedCounter(countOf = Child.class, mappedBy = "other", onlyIf = "status in (BIG)")
		long count;

	}

	@Entity
	public static class OnlyIfInOnNonEnum {

		@Id
		Long id;

		@BufferedCounter(countOf = Child.class, mappedBy = "other", onlyIf = "title in (BIG)")
		long count;

	}

	@Entity
	public static class OnlyIfUnknownConstant {

		@Id
		Long id;

		@BufferedCounter(countOf = Child.class, mappedBy = "other", onlyIf = "kind = LARGE")
		long count;

	}

	@Entity
	public static class OnlyIfIsNullOnPrimitive {

		@Id
		Long id;

		@BufferedCounter(countOf = Child.class, mappedBy = "other", onlyIf = "likes is null")
		long count;

	}

	@Entity
	public static class OnlyIfUnreadable {

		@Id
		Long id;

		@BufferedCounter(countOf = Child.class, mappedBy = "other", onlyIf = "kind in (SMALL, BIG")
		long count;

	}

	@Entity
	public static class OnlyIfOverCollectionUnknownConstant {

		@Id
		Long id;

		@OneToMany
		@JoinColumn(name = "holder_id")
		List<Child> children;

		@BufferedCounter(countOf = Child.class, collection = "children", onlyIf = "kind not in (HUGE)")
		long count;

	}

	@Entity
	public static class SumWithoutCountOf {

		@Id
		Long id;

		@BufferedCounter(sum = "likes")
		long count;

	}

	@Entity
	public static class UniqueCounterCache {

		@Id
		Long id;

		@BufferedCounter(unique = true, countOf = Child.class, mappedBy = "other")
		long count;

	}

	@Entity
	public static class CollectionWithMappedBy {

		@Id
		Long id;

		@OneToMany
		@JoinColumn(name = "holder_id")
		List<Child> children;

		@BufferedCounter(countOf = Child.class, collection = "children", mappedBy = "other")
		long count;

	}

	@Entity
	public static class CollectionNotToMany {

		@Id
		Long id;

		@ManyToOne
		Other other;

		@OneToMany
		@JoinColumn(name = "holder_id")
		List<Child> children;

		@BufferedCounter(countOf = Child.class, collection = "other")
		long count;

	}

	@Entity
	public static class CollectionOfAnotherType {

		@Id
		Long id;

		@ManyToMany
		List<Other> others;

		@BufferedCounter(countOf = Child.class, collection = "others")
		long count;

	}

	@Entity
	public static class InverseCollection {

		@Id
		Long id;

		@OneToMany(mappedBy = "holder")
		List<InverseChild> children;

		@BufferedCounter(countOf = InverseChild.class, collection = "children")
		long count;

	}

	@Entity
	public static class InverseChild {

		@Id
		Long id;

		@ManyToOne
		InverseCollection holder;

	}

	@Entity
	public static class UniqueRollup {

		@Id
		Long id;

		@BufferedCounter(unique = true)
		@CounterRollup(RollupPeriod.DAY)
		Long count;

	}

	@Entity
	public static class RollupWithoutCounter {

		@Id
		Long id;

		@CounterRollup(RollupPeriod.DAY)
		long count;

	}

	@Entity
	public static class RollupWithoutPeriod {

		@Id
		Long id;

		@BufferedCounter
		@CounterRollup({})
		long count;

	}

	@Entity
	public static class MappedByIdAttribute {

		@Id
		Long id;

		@BufferedCounter(countOf = Tagging.class, mappedBy = "holder")
		long count;

	}

	/** A join entity whose id holds the association, through an {@code @IdClass}. */
	@Entity
	@IdClass(Tagging.Key.class)
	public static class Tagging {

		@Id
		@ManyToOne
		MappedByIdAttribute holder;

		@Id
		String tag;

		public static class Key implements Serializable {

			Long holder;

			String tag;

			@Override
			public boolean equals(Object other) {
				return other instanceof Key key && Objects.equals(this.holder, key.holder)
						&& Objects.equals(this.tag, key.tag);
			}

			@Override
			public int hashCode() {
				return Objects.hash(this.holder, this.tag);
			}

		}

	}

}

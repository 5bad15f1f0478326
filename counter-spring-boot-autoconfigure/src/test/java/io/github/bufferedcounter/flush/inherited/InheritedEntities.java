package io.github.bufferedcounter.flush.inherited;

import io.github.bufferedcounter.BufferedCounter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.Table;

/**
 * Counters declared on the parent of an entity hierarchy, one per inheritance strategy.
 */
public final class InheritedEntities {

	private InheritedEntities() {
	}

	@Entity(name = "SingleItem")
	@Table(name = "single_item")
	@Inheritance(strategy = InheritanceType.SINGLE_TABLE)
	public static class SingleItem {

		@Id
		public Long id;

		@BufferedCounter
		public long views;

	}

	@Entity(name = "SingleVideo")
	public static class SingleVideo extends SingleItem {

		public String url;

		@BufferedCounter
		public long plays;

	}

	@Entity(name = "JoinedItem")
	@Table(name = "joined_item")
	@Inheritance(strategy = InheritanceType.JOINED)
	public static class JoinedItem {

		@Id
		public Long id;

		@BufferedCounter
		public long views;

	}

	@Entity(name = "JoinedVideo")
	@Table(name = "joined_video")
	public static class JoinedVideo extends JoinedItem {

		public String url;

	}

	@Entity(name = "UnionItem")
	@Table(name = "union_item")
	@Inheritance(strategy = InheritanceType.TABLE_PER_CLASS)
	public static class UnionItem {

		@Id
		public Long id;

		@BufferedCounter
		public long views;

	}

	@Entity(name = "UnionVideo")
	@Table(name = "union_video")
	public static class UnionVideo extends UnionItem {

		public String url;

	}

	@Entity(name = "PlainBase")
	@Table(name = "plain_base")
	@Inheritance(strategy = InheritanceType.TABLE_PER_CLASS)
	public static class PlainBase {

		@Id
		public Long id;

	}

	@Entity(name = "CountedLeaf")
	@Table(name = "counted_leaf")
	public static class CountedLeaf extends PlainBase {

		@BufferedCounter
		public long views;

	}

}

package io.github.bufferedcounter.autoconfigure;

import java.util.List;
import java.util.stream.Stream;

import io.github.bufferedcounter.autoconfigure.badcache.BrokenCounterCaches;
import io.github.bufferedcounter.autoconfigure.badcache.Child;
import io.github.bufferedcounter.autoconfigure.badcache.Other;
import io.github.bufferedcounter.mapping.CounterMappingIntegrator;
import io.github.bufferedcounter.testsupport.TestDatabases;
import org.hibernate.jpa.boot.spi.IntegratorProvider;
import org.hibernate.jpa.boot.spi.JpaSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypes;

import static org.assertj.core.api.Assertions.assertThat;

/** Each way to get a counter cache wrong fails the startup with a message saying what would be valid. */
class CounterCacheValidationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
				BufferedCounterAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + TestDatabases.h2().url(), "spring.datasource.username=sa",
				"spring.jpa.hibernate.ddl-auto=create-drop");

	static Stream<Arguments> brokenCounterCaches() {
		String prefix = "@BufferedCounter on " + BrokenCounterCaches.class.getName() + "$";
		return Stream.of(
				Arguments.of(BrokenCounterCaches.CountOfNotAnEntity.class,
						List.of(prefix + "CountOfNotAnEntity.count has countOf = java.lang.String.class, which is not an entity",
								"countOf must name the @Entity whose rows are counted, one of [", "Child")),
				Arguments.of(BrokenCounterCaches.WithoutMappedBy.class,
						List.of("WithoutMappedBy.count counts Child but has no mappedBy",
								"set mappedBy to the Child attribute that points at BrokenCounterCaches$WithoutMappedBy, one of [other]")),
				Arguments.of(BrokenCounterCaches.MappedByUnknown.class,
						List.of("MappedByUnknown.count has mappedBy naming \"parent\", but Child has no attribute of that name",
								"[approved, id, kind, likes, other, removedAt, title]")),
				Arguments.of(BrokenCounterCaches.MappedByNotToOne.class,
						List.of("MappedByNotToOne.count has mappedBy = \"title\", but Child.title is not a @ManyToOne or @OneToOne",
								"of Child one of [other]")),
				Arguments.of(BrokenCounterCaches.MappedByElsewhere.class,
						List.of("MappedByElsewhere.count has mappedBy = \"other\", which leads to Other, not to BrokenCounterCaches$MappedByElsewhere",
								"the path must end at the entity holding the counter")),
				Arguments.of(BrokenCounterCaches.SumNotNumeric.class,
						List.of("SumNotNumeric.count has sum = \"title\", but Child.title is a java.lang.String",
								"sum must name a long, int, short or byte attribute")),
				Arguments.of(BrokenCounterCaches.OnlyIfNotBoolean.class,
						List.of("OnlyIfNotBoolean.count has onlyIf = \"likes\", but Child.likes is a long",
								"onlyIf must name a boolean attribute")),
				Arguments.of(BrokenCounterCaches.OnlyIfUnknownAttribute.class,
						List.of("OnlyIfUnknownAttribute.count has onlyIf naming \"status\", but Child has no attribute of that name",
								"[approved, id, kind, likes, other, removedAt, title]")),
				Arguments.of(BrokenCounterCaches.OnlyIfInOnNonEnum.class,
						List.of("OnlyIfInOnNonEnum.count has onlyIf = \"title in (BIG)\", but Child.title is a java.lang.String",
								"= and in compare an enum attribute with its constants", "\"deletedAt is null\"")),
				Arguments.of(BrokenCounterCaches.OnlyIfUnknownConstant.class,
						List.of("OnlyIfUnknownConstant.count has onlyIf = \"kind = LARGE\", but " + Child.Kind.class.getName()
								+ " has no constant LARGE; Child.kind can be one of [SMALL, BIG]")),
				Arguments.of(BrokenCounterCaches.OnlyIfIsNullOnPrimitive.class,
						List.of("OnlyIfIsNullOnPrimitive.count has onlyIf = \"likes is null\", but Child.likes is a long, which is never null",
								"is null needs a basic attribute of an object type")),
				Arguments.of(BrokenCounterCaches.OnlyIfUnreadable.class,
						List.of("OnlyIfUnreadable.count has onlyIf = \"kind in (SMALL, BIG\", which is not a condition: "
								+ "expected \")\" but found the end",
								"onlyIf takes one of \"approved\" or \"!approved\" (a boolean attribute), \"status = PUBLISHED\"")),
				Arguments.of(BrokenCounterCaches.OnlyIfOverCollectionUnknownConstant.class,
						List.of("OnlyIfOverCollectionUnknownConstant.count has onlyIf = \"kind not in (HUGE)\", but "
								+ Child.Kind.class.getName() + " has no constant HUGE")),
				Arguments.of(BrokenCounterCaches.SumWithoutCountOf.class,
						List.of("SumWithoutCountOf.count sets mappedBy, collection, sum or onlyIf without countOf",
								"add countOf = <the counted entity>.class")),
				Arguments.of(BrokenCounterCaches.UniqueCounterCache.class,
						List.of("@BufferedCounter(unique = true) on " + BrokenCounterCaches.class.getName()
								+ "$UniqueCounterCache.count is not allowed together with countOf, mappedBy, sum or onlyIf",
								"counts the distinct keys given to BufferedCounters.countUnique")),
				Arguments.of(BrokenCounterCaches.CollectionWithMappedBy.class,
						List.of("CollectionWithMappedBy.count sets collection together with mappedBy or sum")),
				Arguments.of(BrokenCounterCaches.CollectionNotToMany.class,
						List.of("CollectionNotToMany.count has collection = \"other\", but BrokenCounterCaches$CollectionNotToMany.other "
								+ "is not a @OneToMany or @ManyToMany collection; collection must name one of [children]")),
				Arguments.of(BrokenCounterCaches.CollectionOfAnotherType.class,
						List.of("CollectionOfAnotherType.count has countOf = Child and collection = \"others\"",
								"holds " + Other.class.getName() + "; countOf must be its element type")),
				Arguments.of(BrokenCounterCaches.UniqueRollup.class,
						List.of("@CounterRollup on " + BrokenCounterCaches.class.getName()
								+ "$UniqueRollup.count is not allowed on a unique counter",
								"remove @CounterRollup or unique = true")),
				Arguments.of(BrokenCounterCaches.RollupWithoutCounter.class,
						List.of("$RollupWithoutCounter.count is not allowed without @BufferedCounter")),
				Arguments.of(BrokenCounterCaches.RollupWithoutPeriod.class,
						List.of("$RollupWithoutPeriod.count names no period; give one or more of [HOUR, DAY, MONTH]")));
	}

	@Test
	void aCounterOverTheInverseSideOfAnAssociationFailsStartupPointingAtMappedBy() {
		this.runner.withConfiguration(AutoConfigurations.of(BufferedCounterHibernateAutoConfiguration.class))
			.withBean(PersistenceManagedTypes.class,
					() -> PersistenceManagedTypes.of(BrokenCounterCaches.InverseCollection.class.getName(),
							BrokenCounterCaches.InverseChild.class.getName()))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(rootCause(context.getStartupFailure()).getMessage())
					.contains("(countOf = BrokenCounterCaches$InverseChild, collection = \"children\") is not allowed")
					.contains("is the inverse side of its association (mappedBy)")
					.contains("count it with countOf = BrokenCounterCaches$InverseChild.class and mappedBy = <the");
			});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("brokenCounterCaches")
	void brokenCounterCacheFailsStartup(Class<?> holder, List<String> expected) {
		this.runner.withConfiguration(AutoConfigurations.of(BufferedCounterHibernateAutoConfiguration.class))
			.withBean(PersistenceManagedTypes.class, () -> PersistenceManagedTypes.of(holder.getName(),
					Child.class.getName(), Other.class.getName()))
			.run((context) -> {
				assertThat(context).hasFailed();
				String message = rootCause(context.getStartupFailure()).getMessage();
				expected.forEach((part) -> assertThat(message).contains(part));
			});
	}

	@Test
	void counterCacheWithoutItsListenersFailsStartup() {
		this.runner
			.withBean(HibernatePropertiesCustomizer.class,
					() -> (properties) -> properties.put(JpaSettings.INTEGRATOR_PROVIDER,
							(IntegratorProvider) () -> List.of(new CounterMappingIntegrator())))
			.withBean(PersistenceManagedTypes.class,
					() -> PersistenceManagedTypes.of(io.github.bufferedcounter.it.Blog.class.getName(),
							io.github.bufferedcounter.it.Article.class.getName(),
							io.github.bufferedcounter.it.Reply.class.getName()))
			.run((context) -> assertThat(rootCause(context.getStartupFailure()).getMessage())
				.contains("would never change: the session factory was built without "
						+ "io.github.bufferedcounter.cache.CounterCacheIntegrator"));
	}

	@Test
	void mappedByAnIdAttributeFailsStartupNamingTheWayOut() {
		this.runner.withConfiguration(AutoConfigurations.of(BufferedCounterHibernateAutoConfiguration.class))
			.withBean(PersistenceManagedTypes.class,
					() -> PersistenceManagedTypes.of(BrokenCounterCaches.MappedByIdAttribute.class.getName(),
							BrokenCounterCaches.Tagging.class.getName()))
			.run((context) -> assertThat(rootCause(context.getStartupFailure()).getMessage())
				.contains("has mappedBy naming \"holder\", but BrokenCounterCaches$Tagging.holder is part of the id")
				.contains("map the association on an @EmbeddedId with @MapsId"));
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

}
